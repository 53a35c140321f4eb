"""How a wrapper process starts: in a bubblewrap sandbox of its own (the normal case) or, where
an operator allowed it because bwrap is missing, as a plain process.

A sandboxed wrapper runs as an unprivileged uid/gid and sees, besides the system's software:
its action environment read-only (`/flowloom/venv`, `/flowloom/action`), the interpreter the
environment was built on (read-only, at its own path), its own writable `/tmp` (also `HOME` and
`TMPDIR`), its gRPC socket's directory (`/flowloom/run`), its project's file cache
(`/flowloom/cache`) and, without the host's network, the object-store socket. Its environment is
built from an allow-list (`environment`). Nothing else of the host is visible: not the data dir,
other wrappers, the platform's code or the processes of the host.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from flowloom.runner.infrastructure.deployer.forwarder import ObjectStoreForwarder
from flowloom.runner.infrastructure.deployer.process import ActionEnvironment, WrapperStartError
from flowloom.servicekit import sandbox_policy as servicekit_policy
from flowloom.servicekit.processes import alive, dying_with_parent, kill, referring_to
from flowloom.servicekit.sandbox import (
    Bind,
    Bubblewrap,
    Network,
    SandboxedProcess,
    SandboxSpec,
    SandboxUnavailable,
    python_installation,
)

log = logging.getLogger(__name__)

VENV = "/flowloom/venv"
ACTION = "/flowloom/action"
RUN = "/flowloom/run"
CACHE = "/flowloom/cache"
OBJECT_STORE_SOCKET = "/flowloom/objectstore.sock"
SANDBOX_TMP = "/tmp"  # noqa: S108 - the sandbox's own /tmp, a private host directory
SOCKET = "wrapper.sock"
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
# Passed on from the runner's environment when set: actions reach the outside through them.
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ROOT_PREFIX = "flowloom-wrappers-"


def environment(path: str, home: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A wrapper's whole environment: an allow-list, never the runner's own variables."""
    variables = {"PATH": path, "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8"}
    variables["PYTHONUNBUFFERED"] = "1"  # what user code prints reaches its log at once
    variables |= {name: os.environ[name] for name in PROXY_VARIABLES if name in os.environ}
    return variables | dict(extra or {})


@dataclass(frozen=True, slots=True)
class FileCache:
    """The object cache wrappers share (`serve --file-cache`): one directory per project under
    `directory`, each bounded by `max_bytes` (least recently used files go first)."""

    directory: Path
    max_bytes: int

    def for_project(self, project_id: str) -> Path:
        name = project_id if _SAFE_NAME.match(project_id) else _digest(project_id)
        return self.directory.absolute() / name


@dataclass(frozen=True, slots=True)
class DirectoryInputs:
    """What the archive of a directory input may hold once its wrapper extracts it (bytes
    really written, entries): the wrapper's /tmp is a host directory."""

    max_bytes: int = 1024**3
    max_files: int = 10_000

    def options(self) -> list[str]:
        return [
            *("--directory-max-bytes", str(self.max_bytes)),
            *("--directory-max-files", str(self.max_files)),
        ]


@dataclass(frozen=True, slots=True)
class SandboxPolicy(servicekit_policy.SandboxPolicy):
    """Whether wrappers run sandboxed, with which network and as whom."""

    REFUSED: ClassVar[str] = "actions are not started"
    CONFINED: ClassVar[str] = "actions run"
    ALLOW_SETTING: ClassVar[str] = "FLOWLOOM_RUNNER_ALLOW_UNSANDBOXED"


@dataclass(eq=False)
class Launch:
    """A wrapper process just started: its process (bwrap when sandboxed), the host path of
    its gRPC socket, and what goes once it has ended."""

    process: asyncio.subprocess.Process
    socket: Path
    private: Path
    sandbox: SandboxedProcess | None = None

    async def cleanup(self) -> None:
        if self.sandbox is not None:
            await self.sandbox.close()
        await asyncio.to_thread(shutil.rmtree, self.private, True)


@dataclass(eq=False)
class WrapperLauncher:
    """Starts wrapper processes of action environments for the local deployer."""

    policy: SandboxPolicy = field(default_factory=SandboxPolicy.detect)
    _: KW_ONLY
    file_cache: FileCache | None = None
    object_store_url: str | None = None
    runtime_parent: Path | None = None
    directory_inputs: DirectoryInputs = field(default_factory=DirectoryInputs)
    _root: Path | None = field(init=False, default=None)
    _forwarder: ObjectStoreForwarder | None = field(init=False, default=None)
    _forwarder_lock: asyncio.Lock = field(init=False, default_factory=asyncio.Lock)

    @property
    def sandboxed(self) -> bool:
        return self.policy.tools is not None

    async def launch(self, env: ActionEnvironment, project_id: str) -> Launch:
        """Start `env`'s wrapper for a deployment of `project_id` (not ready yet)."""
        private = self._runtime() / uuid.uuid4().hex[:12]
        private.mkdir(mode=0o700)
        try:
            if self.policy.tools is None:
                return await self._plain(env, project_id, private)
            return await self._sandboxed(self.policy.tools, env, project_id, private)
        except SandboxUnavailable as error:
            shutil.rmtree(private, ignore_errors=True)
            raise WrapperStartError(f"action wrapper did not start: {error}") from None
        except BaseException:
            shutil.rmtree(private, ignore_errors=True)
            raise

    async def close(self) -> None:
        forwarder, self._forwarder = self._forwarder, None
        if forwarder is not None:
            await forwarder.close()
        root, self._root = self._root, None
        if root is not None:
            await asyncio.to_thread(shutil.rmtree, root, True)

    async def _sandboxed(
        self, tools: Bubblewrap, env: ActionEnvironment, project_id: str, private: Path
    ) -> Launch:
        policy = self.policy
        run, tmp = self._owned(private / "run"), self._owned(private / "tmp")
        shm = self._owned(private / "shm")  # POSIX shared memory: multiprocessing's locks
        binds = [
            *_interpreter(env),
            Bind(env.root / "venv", VENV),
            Bind(env.action_dir, ACTION),
            Bind(run, RUN, writable=True),
            Bind(tmp, SANDBOX_TMP, writable=True),
            Bind(shm, "/dev/shm", writable=True),  # noqa: S108 - the sandbox's own
        ]
        command = [f"{VENV}/bin/python", "-m", "flowloom.action_wrapper", "serve"]
        command += ["--action-dir", ACTION, "--socket", f"{RUN}/{SOCKET}"]
        command += self.directory_inputs.options()
        if self.file_cache is not None:
            cache = self._owned(self.file_cache.for_project(project_id))
            binds.append(Bind(cache, CACHE, writable=True))
            command += ["--file-cache", CACHE]
            command += ["--file-cache-bytes", str(self.file_cache.max_bytes)]
        if policy.network is not Network.HOST and self.object_store_url:
            binds.append(Bind(await self._object_store_socket(), OBJECT_STORE_SOCKET))
            command += ["--object-store-socket", OBJECT_STORE_SOCKET]
        spec = SandboxSpec(
            binds=binds,
            environment=environment(f"{VENV}/bin:{SYSTEM_PATH}", SANDBOX_TMP),
            network=policy.network,
            uid=policy.uid,
            gid=policy.gid,
            hostname="flowloom-action",
        )
        sandbox = await tools.start(spec, command, **_PROCESS_OPTIONS)
        return Launch(sandbox.process, run / SOCKET, private, sandbox)

    async def _plain(self, env: ActionEnvironment, project_id: str, private: Path) -> Launch:
        """No sandbox (allowed by the operator): the wrapper runs with the runner's rights."""
        tmp = private / "tmp"
        tmp.mkdir()
        socket = private / SOCKET
        command = [str(env.root / "venv" / "bin" / "python"), "-m", "flowloom.action_wrapper"]
        command += ["serve", "--action-dir", str(env.action_dir), "--socket", str(socket)]
        command += self.directory_inputs.options()
        if self.file_cache is not None:
            cache = self.file_cache.for_project(project_id)
            cache.mkdir(parents=True, exist_ok=True)
            command += ["--file-cache", str(cache)]
            command += ["--file-cache-bytes", str(self.file_cache.max_bytes)]
        variables = environment(f"{env.root / 'venv' / 'bin'}:{SYSTEM_PATH}", str(tmp))
        process = await asyncio.create_subprocess_exec(
            *dying_with_parent(command), env=variables, cwd=tmp, **_PROCESS_OPTIONS
        )
        return Launch(process, socket, private)

    def _owned(self, directory: Path) -> Path:
        """`directory` (made if missing) owned by the sandbox's user, who writes in it."""
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.geteuid() == 0:
            os.chown(directory, self.policy.uid, self.policy.gid)
        return directory

    async def _object_store_socket(self) -> Path:
        async with self._forwarder_lock:
            if self._forwarder is None:
                assert self.object_store_url is not None
                forwarder = ObjectStoreForwarder(
                    self.object_store_url, self._runtime() / "objectstore.sock"
                )
                await forwarder.start()
                self._forwarder = forwarder
            return self._forwarder.path

    def _runtime(self) -> Path:
        """This launcher's directory of wrapper sockets and /tmp's: short (socket paths are
        limited to 108 bytes), private, and left by a runner that died removed at the next."""
        if self._root is None:
            parent = self.runtime_parent or Path(tempfile.gettempdir())
            remove_orphans(parent)
            self._root = Path(tempfile.mkdtemp(prefix=f"{_ROOT_PREFIX}{os.getpid()}-", dir=parent))
        return self._root


_PROCESS_OPTIONS: dict[str, Any] = {
    "stdin": asyncio.subprocess.DEVNULL,
    # One pipe for both: what user code prints at import time helps start reports.
    "stdout": asyncio.subprocess.PIPE,
    "stderr": asyncio.subprocess.STDOUT,
    "start_new_session": True,
}


def _interpreter(env: ActionEnvironment) -> list[Bind]:
    """The installation of the interpreter the environment was made from, read-only at its
    own path (the venv's `python` links there), unless the system's `/usr` already has it."""
    config = env.root / "venv" / "pyvenv.cfg"
    try:
        lines = config.read_text().splitlines()
    except OSError:
        return []
    homes = [
        line.partition("=")[2].strip() for line in lines if line.split("=")[0].strip() == "home"
    ]
    if not homes:
        return []
    return python_installation(Path(homes[0]))


def remove_orphans(parent: Path) -> None:
    """Remove the wrapper directories of runner processes that no longer run, after killing
    what still runs there: a runner killed while a sandbox started can leave its bwrap
    behind (`--die-with-parent` does not cover every moment of bwrap's set-up)."""
    with contextlib.suppress(OSError):
        for path in parent.glob(f"{_ROOT_PREFIX}*"):
            pid = path.name.removeprefix(_ROOT_PREFIX).split("-", 1)[0]
            if pid.isdigit() and not alive(int(pid)):
                left = referring_to(str(path))
                if left:
                    log.warning("killing processes %s left by runner %s", left, pid)
                    try:
                        kill(left)  # gone before their directory goes
                    except RuntimeError:
                        log.error("processes %s left by runner %s survive SIGKILL", left, pid)
                        continue
                shutil.rmtree(path, ignore_errors=True)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]
