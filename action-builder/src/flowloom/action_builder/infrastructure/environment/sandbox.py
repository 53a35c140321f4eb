"""Where the build commands that run the action author's code run (`uv venv`, `uv pip install`
with its build backends, `compileall` starting the environment's interpreter): a bubblewrap
sandbox of their build (the normal case) or, where an operator allowed it because bwrap is
missing, plain processes with the builder's rights.

A sandboxed command runs as an unprivileged uid/gid and sees, besides the system's software:
its build's directory (`/flowloom/build`: the action, the environment being made; its `tmp/`
and `shm/` are the sandbox's `/tmp` and `/dev/shm`) and its project's uv cache
(`/flowloom/uv-cache`), both writable; read-only, the uv binary, the wrapper's wheel, the
interpreter's installation (at its own path) and uv's configuration. Not the data dir, other
builds, other projects' caches, the platform's code, keys or processes. Its environment is an
allow-list (`build_environment`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

from flowloom.action_builder.domain.log import BuildLog
from flowloom.action_builder.infrastructure.environment.process import (
    Completed,
    run,
    run_sandboxed,
)
from flowloom.servicekit.sandbox import (
    Bind,
    Bubblewrap,
    SandboxSpec,
    python_installation,
    visible,
)
from flowloom.servicekit.sandbox_policy import SandboxPolicy

BUILD = "/flowloom/build"
UV_CACHE = "/flowloom/uv-cache"
UV = "/flowloom/bin/uv"
WRAPPER = "/flowloom/wrapper"
CONFIG_HOME = "/flowloom/config"  # the builder's own uv.toml is seen at uv/uv.toml there
SANDBOX_TMP = "/tmp"  # noqa: S108 - the sandbox's own /tmp: the build's tmp/ directory
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
PROXY_VARIABLES = (
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
    "http_proxy", "https_proxy", "all_proxy", "no_proxy",
)  # fmt: skip
# uv reads a custom certificate bundle (a TLS-inspecting proxy's authority) from these.
TLS_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")
# Files those variables name are bound read-only at their own path (unless already visible).
FILE_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR", "UV_CONFIG_FILE")
UV_SETTINGS = {"UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1", "NO_COLOR": "1"}


def build_environment(*, home: str, cache: str, path: str, config_home: str) -> dict[str, str]:
    """The whole environment of a build command: an allow-list of the builder's variables
    (uv's `UV_*` settings, proxies, certificate bundles) and the builder's uv settings;
    never `FLOWLOOM_*`, `AWS_*`, `MINIO_*` or anything else of the builder's."""
    variables = {"PATH": path, "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8"}
    variables |= {name: value for name, value in os.environ.items() if name.startswith("UV_")}
    passed = (*PROXY_VARIABLES, *TLS_VARIABLES)
    variables |= {name: os.environ[name] for name in passed if name in os.environ}
    return variables | UV_SETTINGS | {"UV_CACHE_DIR": cache, "XDG_CONFIG_HOME": config_home}


def user_config_home() -> Path:
    """Where uv finds the builder's user configuration (`uv/uv.toml`)."""
    configured = os.environ.get("XDG_CONFIG_HOME")
    return Path(configured) if configured else Path.home() / ".config"


@dataclass(frozen=True, slots=True)
class BuildSandbox(SandboxPolicy):
    """Whether build commands run sandboxed, with which network and as whom."""

    REFUSED: ClassVar[str] = "builds are refused"
    CONFINED: ClassVar[str] = "the action's code runs at build time"
    ALLOW_SETTING: ClassVar[str] = "FLOWLOOM_ACTION_BUILDER_ALLOW_UNSANDBOXED"

    def enter(
        self, work: Path, cache: Path, uv: Path, interpreter: Path, wheel: Path | None
    ) -> SandboxedBuild | PlainBuild:
        """How one build runs its commands: `work` is its directory (it gets `tmp/`), `cache`
        its project's uv cache. Blocking (it gives the directories to the sandbox's user)."""
        if self.tools is None:
            (work / "tmp").mkdir(exist_ok=True)
            cache.mkdir(parents=True, exist_ok=True)
            env = build_environment(
                home=str(work / "tmp"),
                cache=str(cache),
                path=os.environ.get("PATH", SYSTEM_PATH),
                config_home=str(user_config_home()),
            )
            return PlainBuild(env, str(uv))
        (work / "tmp").mkdir(exist_ok=True)
        (work / "shm").mkdir(exist_ok=True)
        self._own(work, always=True)
        self._own(cache, always=False)
        mapped = [Bind(work, BUILD, writable=True), Bind(cache, UV_CACHE, writable=True)]
        mapped.append(Bind(uv, UV))
        if wheel is not None:
            mapped.append(Bind(wheel, f"{WRAPPER}/{wheel.name}"))
        binds = [*mapped, Bind(work / "tmp", SANDBOX_TMP, writable=True)]
        # compileall -j starts worker processes: their semaphores live in /dev/shm.
        binds.append(Bind(work / "shm", "/dev/shm", writable=True))  # noqa: S108 - its own
        binds += python_installation(interpreter) + _configuration()
        env = build_environment(
            home=SANDBOX_TMP, cache=UV_CACHE, path=SYSTEM_PATH, config_home=CONFIG_HOME
        )
        spec = SandboxSpec(
            binds=binds,
            environment=env,
            network=self.network,
            workdir=BUILD,
            uid=self.uid,
            gid=self.gid,
            hostname="flowloom-build",
        )
        return SandboxedBuild(self.tools, spec, mapped)

    def _own(self, directory: Path, *, always: bool) -> None:
        """Give `directory` (made if missing) and what it holds to the sandbox's user: always
        (a fresh build directory), or when it is not theirs yet (a project's cache)."""
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.geteuid() != 0 or (not always and directory.stat().st_uid == self.uid):
            return  # not root: a user namespace maps the sandbox's user to ours
        for base, dirs, files in os.walk(directory):
            for name in (*dirs, *files):
                os.lchown(Path(base) / name, self.uid, self.gid)
        os.chown(directory, self.uid, self.gid)


@dataclass(eq=False)
class SandboxedBuild:
    """One build's commands, each in a sandbox of its own that sees the same directories."""

    tools: Bubblewrap
    spec: SandboxSpec
    mapped: Sequence[Bind]
    uv: str = field(init=False, default=UV)

    def describe(self) -> str:
        return (
            f"build commands run in a bubblewrap sandbox as {self.spec.uid}:{self.spec.gid}, "
            f"network {self.spec.network}; this build's directory is {BUILD} there"
        )

    def path(self, host: Path) -> str:
        """Where the sandbox sees `host` (a path in a directory or file bound into it)."""
        for bind in self.mapped:
            if host == bind.source or host.is_relative_to(bind.source):
                relative = host.relative_to(bind.source).as_posix()
                return bind.target if relative == "." else f"{bind.target}/{relative}"
        raise ValueError(f"{host} is not visible in the build's sandbox")

    async def run(self, argv: list[str], *, cwd: Path, log: BuildLog) -> Completed:
        spec = replace(self.spec, workdir=self.path(cwd))
        return await run_sandboxed(self.tools, spec, argv, log=log)


@dataclass(eq=False)
class PlainBuild:
    """No sandbox (allowed by the operator): commands run with the builder's rights."""

    env: Mapping[str, str]
    uv: str

    def describe(self) -> str:
        return "build commands run WITHOUT a sandbox, with the builder's rights (allowed)"

    def path(self, host: Path) -> str:
        return str(host)

    async def run(self, argv: list[str], *, cwd: Path, log: BuildLog) -> Completed:
        return await run(argv, env=self.env, cwd=cwd, log=log)


def _configuration() -> list[Bind]:
    """uv's configuration, read-only: the system's (`/etc/uv`), the builder's user `uv.toml`
    (seen under `XDG_CONFIG_HOME`), and the files the passed variables name."""
    binds = []
    if Path("/etc/uv").is_dir():
        binds.append(Bind(Path("/etc/uv"), "/etc/uv"))
    user = user_config_home() / "uv" / "uv.toml"
    if user.is_file():
        binds.append(Bind(user, f"{CONFIG_HOME}/uv/uv.toml"))
    for name in FILE_VARIABLES:
        value = os.environ.get(name, "")
        path = Path(value)
        if value and path.is_absolute() and path.exists() and not visible(path):
            binds.append(Bind(path, str(path)))
    return binds
