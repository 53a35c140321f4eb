"""Project secrets as seen by the runner."""

from __future__ import annotations

from flowloom.runner.domain.ports import SecretResolver


class NoSecrets(SecretResolver):
    """The studio owns project secrets; until it serves them to the runner, none resolves, so
    a step bound to a secret fails naming the secret instead of running without it."""

    async def resolve(self, project_id: str, name: str) -> str | None:
        return None
