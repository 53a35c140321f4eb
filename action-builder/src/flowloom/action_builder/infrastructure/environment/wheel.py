"""The wrapper's wheel: built once per wrapper version from its project directory, outside any
sandbox (the platform's own code), and kept in the data dir for sandboxes to read."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flowloom.action_builder.domain.errors import BuildStepFailed
from flowloom.action_builder.domain.log import BuildLog
from flowloom.action_builder.infrastructure.environment.process import failure, run
from flowloom.action_builder.infrastructure.environment.wrapper import WrapperSource


@dataclass(eq=False)
class WrapperWheels:
    """Wheels of the wrapper under `directory/<version digest>/`; only the newest is kept."""

    source: WrapperSource
    directory: Path
    uv: str
    env: Mapping[str, str]
    _lock: asyncio.Lock = field(init=False, default_factory=asyncio.Lock)

    async def wheel(self, log: BuildLog) -> Path | None:
        """The wheel file to install; None when the wrapper is a requirement of an index."""
        if self.source.wheel is not None:
            return self.source.wheel
        if self.source.directory is None:
            return None
        version = await asyncio.to_thread(self.source.version)
        target = self.directory / version.rpartition(":")[2][:32]
        async with self._lock:
            kept = await asyncio.to_thread(_wheel_in, target)
            return kept or await self._build(self.source.directory, target, log)

    async def _build(self, project: Path, target: Path, log: BuildLog) -> Path:
        scratch = await asyncio.to_thread(_scratch, self.directory)
        try:
            argv = [self.uv, "build", "--wheel", "--out-dir", str(scratch), str(project)]
            built = await run(argv, env=self.env, cwd=self.directory, log=log)
            wheel = await asyncio.to_thread(_wheel_in, scratch)
            if built.returncode != 0 or wheel is None:
                raise BuildStepFailed(failure("building the action wrapper's wheel failed", built))
            await asyncio.to_thread(_keep_only, scratch, target)
        finally:
            await asyncio.to_thread(shutil.rmtree, scratch, True)
        return target / wheel.name


def _wheel_in(directory: Path) -> Path | None:
    wheels = sorted(directory.glob("*.whl"))
    return wheels[0] if wheels else None


def _scratch(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".building-", dir=directory))


def _keep_only(built: Path, target: Path) -> None:
    """`built` becomes `target`; earlier versions and what a killed build left go."""
    built.rename(target)
    for stale in target.parent.iterdir():
        if stale != target:
            shutil.rmtree(stale, ignore_errors=True)
