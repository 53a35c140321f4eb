"""Where a deployed action's artefact lives on this host: resolving it to an environment."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flowloom.runner.domain.errors import ActionStartFailed
from flowloom.runner.infrastructure.deployer.process import ActionEnvironment


class ArtefactResolver(ABC):
    """Turns ``ActionArtefact.artefact`` into a built environment the deployer can start.

    The seam for the builder's object-store venv archives: a resolver that downloads and
    unpacks an archive into a local cache goes in front of ``LocalArtefacts``.
    """

    @abstractmethod
    async def environment(self, artefact: str) -> ActionEnvironment:
        """The environment; ActionStartFailed when this resolver cannot provide it."""


class LocalArtefacts(ArtefactResolver):
    """Environments already on this filesystem: ``file:///abs/path`` or ``/abs/path``."""

    async def environment(self, artefact: str) -> ActionEnvironment:
        root = _local_path(artefact)
        if root is None:
            raise ActionStartFailed(f"artefact {artefact!r} cannot be run by the local deployer")
        env = ActionEnvironment(root)
        for needed in (env.wrapper, env.action_dir):
            if not needed.exists():
                raise ActionStartFailed(
                    f"artefact {artefact!r} is not a built action environment: {needed} is missing"
                )
        return env


def _local_path(artefact: str) -> Path | None:
    if artefact.startswith("file://"):
        parts = urlsplit(artefact)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path))
    else:
        path = Path(artefact)
    return path if path.is_absolute() else None
