"""Work directories under the data dir, one per build, removed afterwards."""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flowloom.action_builder.domain.ports import Workspaces


@dataclass(eq=False)
class LocalWorkspaces(Workspaces):
    root: Path

    def purge(self) -> None:
        """Forget what a builder killed mid-build left behind (its orders come back)."""
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True, exist_ok=True)

    async def create(self, build_id: str) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", build_id)[:64] or "build"
        return Path(tempfile.mkdtemp(prefix=f"{safe}-", dir=self.root))

    async def remove(self, path: Path) -> None:
        await asyncio.to_thread(shutil.rmtree, path, True)
