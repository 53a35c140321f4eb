"""Environments made by uv: `uv venv --relocatable`, then `uv pip install` wrapper + needs, both
in the build's sandbox (they run the action author's code)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
from pathlib import Path

from uv import find_uv_bin

from flowloom.action_builder.domain.build import EnvironmentSpec, Interpreter
from flowloom.action_builder.domain.errors import BuildStepFailed, PythonUnavailable
from flowloom.action_builder.domain.log import BuildLog
from flowloom.action_builder.domain.ports import EnvironmentBuilder
from flowloom.action_builder.infrastructure.environment.process import Completed, failure, run
from flowloom.action_builder.infrastructure.environment.sandbox import (
    UV_SETTINGS,
    BuildSandbox,
    PlainBuild,
    SandboxedBuild,
)
from flowloom.action_builder.infrastructure.environment.wheel import WrapperWheels
from flowloom.action_builder.infrastructure.environment.wrapper import WrapperSource

_PRIVATE_PREFIXES = ("FLOWLOOM_", "AWS_", "MINIO_")
_DROPPED = ("VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONPATH", "PYTHONHOME")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# The base interpreter: `uv python find` may name a virtual environment's python (on PATH).
_PROBE = (
    "import platform, sys; "
    "print(platform.python_version()); print(getattr(sys, '_base_executable', sys.executable))"
)


class UvEnvironmentBuilder(EnvironmentBuilder):
    """uv with one persistent cache per project under the data dir; the index comes from uv's
    own configuration (environment, uv.toml), never from the builder. Python is never
    downloaded. What runs the action author's code runs in `sandbox`."""

    def __init__(
        self, wrapper: WrapperSource, sandbox: BuildSandbox, data_dir: Path, default_python: str
    ) -> None:
        self._sandbox = sandbox
        self._default_python = default_python
        data_dir = data_dir.absolute()  # bound into sandboxes: never relative
        self._work_dir = data_dir / "work"
        self._projects = data_dir / "projects"
        self._uv = os.fsdecode(find_uv_bin())
        # The builder's own uv commands (finding interpreters, building the wrapper's wheel)
        # run no user code: they get the builder's environment, minus its secrets.
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(_PRIVATE_PREFIXES) and key not in _DROPPED
        }
        own = data_dir / "builder"
        self._env = {**environment, **UV_SETTINGS, "UV_CACHE_DIR": str(own / "uv-cache")}
        self._wheels = WrapperWheels(wrapper, own / "wrapper", self._uv, self._env)
        self._wrapper = wrapper

    def unavailable(self) -> str | None:
        return self._sandbox.problem()

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

    async def create(self, spec: EnvironmentSpec, log: BuildLog) -> None:
        venv, interpreter, requirements = spec.venv, spec.interpreter, spec.requirements
        wheel = await self._wheels.wheel(log)
        cache = self._projects / _directory_name(spec.project_id) / "uv-cache"
        box = await asyncio.to_thread(
            self._sandbox.enter, venv.parent, cache, Path(self._uv), Path(interpreter.path), wheel
        )
        log.write(box.describe())
        made = await box.run(
            [box.uv, "venv", "--relocatable", "--no-project", "--python", interpreter.path,
             box.path(venv)],
            cwd=venv.parent, log=log,
        )  # fmt: skip
        if made.returncode != 0:
            raise BuildStepFailed(failure("creating the Python environment failed", made))
        wanted = [box.path(wheel) if wheel is not None else self._wrapper.install]
        if requirements is not None:
            wanted += ["-r", box.path(requirements)]
        python = box.path(venv / "bin" / "python")
        # In the action's directory: relative paths in requirements.txt name its files.
        installed = await box.run(
            [box.uv, "pip", "install", "--python", python, "--link-mode", "copy", *wanted],
            cwd=requirements.parent if requirements is not None else venv.parent, log=log,
        )  # fmt: skip
        if installed.returncode != 0:
            what = "the requirements" if requirements else "the action wrapper"
            raise BuildStepFailed(failure(f"installing {what} failed", installed))
        await self._compile(box, venv, log)

    async def _compile(self, box: SandboxedBuild | PlainBuild, venv: Path, log: BuildLog) -> None:
        """Bytecode in the environment, checked against the sources' hashes: the archive fixes
        every mtime, which would void timestamp-checked bytecode, and a first execution that
        compiles the wrapper's imports took 0.7 s instead of 0.2 s. A file that does not
        compile (a package's Python 2 leftovers) is skipped, never a build failure. Sandboxed:
        the interpreter runs the environment's `.pth` files, which the requirements chose."""
        compiled = await box.run(
            [
                box.path(venv / "bin" / "python"), "-m", "compileall", "-q", "-j", "0",
                "--invalidation-mode", "checked-hash", box.path(venv / "lib"),
            ],
            cwd=venv.parent, log=BuildLog(),
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


def _directory_name(project_id: str) -> str:
    """A project's directory name: its id when that is a safe name, else a digest of it."""
    if _SAFE_NAME.match(project_id):
        return project_id
    return hashlib.sha256(project_id.encode()).hexdigest()[:32]
