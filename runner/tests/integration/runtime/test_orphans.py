"""What a killed runner leaves behind is cleaned up by the next one (real bwrap): the
sandboxes still running in its wrapper directory are killed, then the directory goes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from flowloom.runner.infrastructure.deployer.launcher import remove_orphans
from flowloom.servicekit.processes import alive
from flowloom.servicekit.sandbox import Bind, Bubblewrap, Network, SandboxSpec

pytestmark = pytest.mark.integration


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _sandbox_spec(directory: Path) -> SandboxSpec:
    return SandboxSpec(
        binds=(Bind(directory, "/flowloom/run", writable=True),),
        environment={"PATH": "/usr/bin:/bin"},
        network=Network.NONE,
        workdir="/",
    )


async def test_kills_the_sandboxes_of_a_runner_that_died_and_removes_its_directory(
    tmp_path: Path,
) -> None:
    tools = Bubblewrap.find()
    assert tools is not None, "bubblewrap is installed by `make system`"
    dead = tmp_path / f"flowloom-wrappers-{_dead_pid()}-abc"
    living = tmp_path / "flowloom-wrappers-1-def"  # pid 1 runs: not an orphan
    dead.mkdir()
    living.mkdir()
    orphan = await tools.start(_sandbox_spec(dead), ["sleep", "600"])
    kept = await tools.start(_sandbox_spec(living), ["sleep", "600"])
    try:
        remove_orphans(tmp_path)

        await orphan.process.wait()  # killed: its wait returns
        assert not alive(orphan.pid)
        assert not dead.exists()
        assert alive(kept.pid)
        assert living.exists()
    finally:
        for sandbox in (orphan, kept):
            if sandbox.process.returncode is None:
                sandbox.process.kill()
                await sandbox.process.wait()
            await sandbox.close()
