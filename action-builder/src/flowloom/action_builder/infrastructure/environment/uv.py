"""Environments made by uv: `uv venv --relocatable`, then `uv pip install` wrapper + needs."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

from uv import find_uv_bin

from flowloom.action_builder.application.ports import EnvironmentBuilder
from flowloom.action_builder.domain.build import Interpreter
from flowloom.action_builder.domain.errors import BuildStepFailed, PythonUnavailable
from flowloom.action_builder.domain.log import BuildLog
from flowloom.action_builder.infrastructure.environment.process import Completed, run
from flowloom.action_builder.infrastructure.environment.wrapper import WrapperSource

_PRIVATE_PREFIXES = ("FLOWLOOM_", "AWS_", "MINIO_")
_DROPPED = ("VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONPATH", "PYTHONHOME")
_CHATTER = ("Using Python", "Using CPython")  # uv naming the environment: not the error
_TAIL_LINES = 8
_TAIL_CHARS = 2000
# The base interpreter: `uv python find` may name a virtual environment's python (on PATH).
_PROBE = (
    "import platform, sys; "
    "print(platform.python_version()); print(getattr(sys, '_base_executable', sys.executable))"
)


class UvEnvironmentBuilder(EnvironmentBuilder):
    """uv with a persistent cache under the data dir; the index comes from uv's own
    configuration (environment, uv.toml), never from the builder. Python is never downloaded."""

    def __init__(
        self, wrapper: WrapperSource, cache_dir: Path, default_python: str, work_dir: Path
    ) -> None:
        self._wrapper = wrapper
        self._default_python = default_python
        self._work_dir = work_dir
        self._uv = os.fsdecode(find_uv_bin())
        # Build backends of requirements run arbitrary code: they get none of the service's
        # settings (object store keys), and no active environment to confuse uv.
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(_PRIVATE_PREFIXES) and key not in _DROPPED
        }
        self._env = {
            **environment,
            "UV_CACHE_DIR": str(cache_dir),
            "UV_PYTHON_DOWNLOADS": "never",
            "UV_NO_PROGRESS": "1",
            "NO_COLOR": "1",
        }

    async def interpreter(self, requested: str, log: BuildLog) -> Interpreter:
        version = requested or self._default_python
        found = await self._uv_run(["python", "find", "--no-project", version], log)
        paths = [line.strip() for line in found.output if line.startswith("/")]
        path = paths[-1] if found.returncode == 0 and paths else ""
        if not path:
            raise PythonUnavailable(version, await self._available(log))
        probe = await run([path, "-c", _PROBE], env=self._env, cwd=self._work_dir, log=log)
        if probe.returncode != 0 or len(probe.output) < 2:
            raise PythonUnavailable(version, await self._available(log))
        return Interpreter(probe.output[-2].strip(), probe.output[-1].strip())

    async def wrapper_version(self) -> str:
        return await asyncio.to_thread(self._wrapper.version)

    async def create(
        self, venv: Path, interpreter: Interpreter, requirements: Path | None, log: BuildLog
    ) -> None:
        made = await self._uv_run(
            ["venv", "--relocatable", "--no-project", "--python", interpreter.path, str(venv)],
            log,
        )
        if made.returncode != 0:
            raise BuildStepFailed(_failure("creating the Python environment failed", made))
        wanted = [self._wrapper.install] + (["-r", str(requirements)] if requirements else [])
        python = str(venv / "bin" / "python")
        installed = await self._uv_run(
            ["pip", "install", "--python", python, "--link-mode", "copy", *wanted], log
        )
        if installed.returncode != 0:
            what = "the requirements" if requirements else "the action wrapper"
            raise BuildStepFailed(_failure(f"installing {what} failed", installed))
        await self._compile(venv, log)

    async def _compile(self, venv: Path, log: BuildLog) -> None:
        """Bytecode in the environment, checked against the sources' hashes: the archive fixes
        every mtime, which would void timestamp-checked bytecode, and a first execution that
        compiles the wrapper's imports took 0.7 s instead of 0.2 s. A file that does not
        compile (a package's Python 2 leftovers) is skipped, never a build failure."""
        compiled = await run(
            [
                str(venv / "bin" / "python"), "-m", "compileall", "-q", "-j", "0",
                "--invalidation-mode", "checked-hash", str(venv / "lib"),
            ],
            env=self._env, cwd=self._work_dir, log=BuildLog(),
        )  # fmt: skip
        if compiled.returncode != 0:
            log.write("some files of the environment did not compile to bytecode (skipped)")

    async def _available(self, log: BuildLog) -> list[str]:
        listed = await self._uv_run(
            ["python", "list", "--only-installed", "--output-format", "json"], log, quiet=True
        )
        versions: set[tuple[int, int]] = set()
        for line in listed.output:
            if line.startswith("["):
                for item in json.loads(line):
                    parts = item.get("version_parts", {})
                    versions.add((int(parts.get("major", 0)), int(parts.get("minor", 0))))
        return [f"{major}.{minor}" for major, minor in sorted(versions)]

    async def _uv_run(self, arguments: list[str], log: BuildLog, quiet: bool = False) -> Completed:
        target = BuildLog() if quiet else log
        return await run([self._uv, *arguments], env=self._env, cwd=self._work_dir, log=target)


def _failure(sentence: str, completed: Completed) -> str:
    lines = [
        line.strip() for line in completed.output if line.strip() and not line.startswith(_CHATTER)
    ]
    tail = "\n".join(lines[-_TAIL_LINES:])[-_TAIL_CHARS:]
    message = f"{sentence} (exit status {completed.returncode})"
    return f"{message}:\n{tail}" if tail else message
