"""Work directories under the data dir, one per build, removed afterwards."""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
from pathlib import Path

from flowloom.action_builder.domain.ports import Workspaces


class LocalWorkspaces(Workspaces):
    def __init__(self, root: Path) -> None:
        self._root = root

    def purge(self) -> None:
        """Forget what a builder killed mid-build left behind (its orders come back)."""
        shutil.rmtree(self._root, ignore_errors=True)
        self._root.mkdir(parents=True, exist_ok=True)

    async def create(self, build_id: str) -> Path:
        self._root.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", build_id)[:64] or "build"
        return Path(tempfile.mkdtemp(prefix=f"{safe}-", dir=self._root))

    async def remove(self, path: Path) -> None:
        await asyncio.to_thread(shutil.rmtree, path, True)
