"""Project secrets: the runner's copy, kept up to date by the studio's messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flowloom.runner.domain.ports import SecretResolver, UnitOfWork


@dataclass(eq=False)
class ProjectSecretService(SecretResolver):
    """Stores what the studio says (``ProjectSecretSet``/``Deleted``) and resolves ``secret``
    bindings when an execution starts, so a changed secret applies from the next execution
    without a redeploy, and the runner never calls the studio while running."""

    uow: Callable[[], UnitOfWork]

    async def secret_set(self, project_id: str, name: str, value: str, at: datetime) -> None:
        async with self.uow() as uow:
            await uow.secrets.put(project_id, name, value, at)
            await uow.commit()

    async def secret_deleted(self, project_id: str, name: str, at: datetime) -> None:
        async with self.uow() as uow:
            await uow.secrets.remove(project_id, name, at)
            await uow.commit()

    async def resolve(self, project_id: str, name: str) -> str | None:
        async with self.uow() as uow:
            return await uow.secrets.value(project_id, name)
