"""Untrusted code under bubblewrap (`bwrap`): its own view of the filesystem, of processes and
of the environment, an unprivileged user, and a network that is the host's, none, or outbound
only (its own namespace joined to the outside by slirp4netns, the host's loopback unreachable).

The sandbox sees the system's software read-only (`/usr`, the `/lib*` and `/bin` trees, a short
list of `/etc` files), what the caller binds, a private `/proc` and `/dev`, and nothing else.
Run as root, bwrap makes the namespaces and `setpriv` then drops to the given uid/gid with no
capability left; run as another user, a user namespace maps that uid instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from flowloom.servicekit.slirp import (
    NetworkUnavailable,
    attach,
    close_quietly,
    resolv_conf,
    wait_blocked,
)

START_TIMEOUT = 10.0

NOBODY = 65534
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# What programs need from /etc; the rest of it (service configurations) stays out of sight.
ETC_ENTRIES = (
    "alternatives",
    "ca-certificates",
    "ca-certificates.conf",
    "gai.conf",
    "group",
    "host.conf",
    "hosts",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "mime.types",
    "nsswitch.conf",
    "passwd",
    "protocols",
    "services",
    "ssl",
    "timezone",
)


class Network(StrEnum):
    """What the sandbox reaches: outbound only (`isolated`), the host's network, or nothing."""

    ISOLATED = "isolated"
    HOST = "host"
    NONE = "none"


class SandboxUnavailable(Exception):
    """This host lacks what the sandbox needs; the message says what to install or set."""


@dataclass(frozen=True, slots=True)
class Bind:
    """A host path seen at `target` inside the sandbox (read-only unless `writable`)."""

    source: Path
    target: str
    writable: bool = False


@dataclass(frozen=True, slots=True)
class SandboxSpec:
    """One sandbox: what it sees, its whole environment, its network, who it runs as."""

    binds: Sequence[Bind]
    environment: Mapping[str, str]
    network: Network = Network.ISOLATED
    workdir: str = "/tmp"  # noqa: S108 - inside the sandbox, its private /tmp
    uid: int = NOBODY
    gid: int = NOBODY
    hostname: str = "sandbox"


@dataclass(eq=False)
class SandboxedProcess:
    """A started sandbox: `process` is bwrap (its exit is the sandbox's), `pid` the host pid of
    the sandbox's first process; `close` stops the network helper once the sandbox ended."""

    process: asyncio.subprocess.Process
    pid: int
    _network: asyncio.subprocess.Process | None = None
    _exit_fd: int | None = field(default=None, repr=False)

    async def close(self) -> None:
        if self._exit_fd is not None:  # slirp4netns leaves when this pipe closes
            os.close(self._exit_fd)
            self._exit_fd = None
        helper, self._network = self._network, None
        if helper is not None and helper.returncode is None:
            try:
                await asyncio.wait_for(helper.wait(), 2.0)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    helper.kill()
                await helper.wait()


@dataclass(frozen=True, slots=True)
class Bubblewrap:
    """The tools a sandbox is made with, found on this host's PATH."""

    bwrap: str
    setpriv: str | None = None
    slirp4netns: str | None = None

    @classmethod
    def find(cls) -> Bubblewrap | None:
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            return None
        return cls(bwrap, shutil.which("setpriv"), shutil.which("slirp4netns"))

    def missing(self, network: Network) -> str | None:
        """What this host lacks to start sandboxes with `network`; None when nothing."""
        if os.geteuid() == 0 and self.setpriv is None:
            return "setpriv (util-linux) is not installed: a sandbox cannot drop root's rights"
        if network is Network.ISOLATED and self.slirp4netns is None:
            return "slirp4netns is not installed: the isolated network needs it"
        return None

    def arguments(
        self,
        spec: SandboxSpec,
        command: Sequence[str],
        *,
        info_fd: int | None = None,
        block_fd: int | None = None,
        resolv_fd: int | None = None,
    ) -> list[str]:
        """The bwrap command line running `command` in `spec`'s sandbox."""
        targets = [bind.target for bind in spec.binds]
        args = [self.bwrap, *_parents(["/etc/resolv.conf", *targets]), *_system_view()]
        args += ["--proc", "/proc", "--dev", "/dev"]
        if resolv_fd is not None:
            args += ["--perms", "0644", "--ro-bind-data", str(resolv_fd), "/etc/resolv.conf"]
        elif Path("/etc/resolv.conf").exists():
            args += ["--ro-bind", "/etc/resolv.conf", "/etc/resolv.conf"]
        for bind in spec.binds:
            args += ["--bind" if bind.writable else "--ro-bind", str(bind.source), bind.target]
        args += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
        if spec.network is not Network.HOST:
            args.append("--unshare-net")
        args += ["--hostname", spec.hostname, "--die-with-parent", "--new-session"]
        args += ["--chdir", spec.workdir, "--clearenv"]
        for name, value in spec.environment.items():
            args += ["--setenv", name, value]
        if info_fd is not None:
            args += ["--info-fd", str(info_fd)]
        if block_fd is not None:
            args += ["--block-fd", str(block_fd)]
        if os.geteuid() != 0:  # a user namespace maps the sandbox's uid to ours
            return [*args, "--unshare-user", "--uid", str(spec.uid), "--gid", str(spec.gid),
                    "--", *command]  # fmt: skip
        assert self.setpriv is not None, "missing() says so first"
        drop = [
            self.setpriv,
            f"--reuid={spec.uid}",
            f"--regid={spec.gid}",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
        ]
        return [*args, "--", *drop, "--", *command]

    async def start(
        self, spec: SandboxSpec, command: Sequence[str], **options: Any
    ) -> SandboxedProcess:
        """Start `command` in a sandbox (`options` go to `create_subprocess_exec`); with the
        isolated network the sandbox waits, blocked, until its network is up."""
        problem = self.missing(spec.network)
        if problem:
            raise SandboxUnavailable(problem)
        isolated = spec.network is Network.ISOLATED
        info_read, info_write = os.pipe()
        block_read, block_write = os.pipe() if isolated else (None, None)
        resolv = resolv_conf() if isolated else None
        given = [fd for fd in (info_write, block_read, resolv) if fd is not None]
        try:
            arguments = self.arguments(
                spec, command, info_fd=info_write, block_fd=block_read, resolv_fd=resolv
            )
            process = await asyncio.create_subprocess_exec(*arguments, pass_fds=given, **options)
        except BaseException:
            close_quietly(info_read, block_write)
            raise
        finally:
            close_quietly(*given)
        try:
            pid = await asyncio.wait_for(asyncio.to_thread(_child_pid, info_read), START_TIMEOUT)
        except BaseException as error:
            close_quietly(info_read, block_write)
            await _killed(process)
            if isinstance(error, OSError | TimeoutError):
                raise SandboxUnavailable(f"bwrap did not start the sandbox ({error!r})") from None
            raise
        close_quietly(info_read)
        sandbox = SandboxedProcess(process, pid)
        try:
            if block_read is not None and block_write is not None:
                # Only once bwrap has set up the namespace's loopback and waits: the two
                # configuring one namespace at once made bwrap fail now and then.
                await asyncio.wait_for(
                    asyncio.to_thread(wait_blocked, pid, block_read), START_TIMEOUT
                )
                assert self.slirp4netns is not None
                sandbox._network, sandbox._exit_fd = await attach(self.slirp4netns, pid)
                os.write(block_write, b"1")  # the network is up: let the sandbox go on
        except BaseException as error:
            await _killed(process)
            await sandbox.close()
            if isinstance(error, NetworkUnavailable):
                raise SandboxUnavailable(str(error)) from None
            if isinstance(error, OSError | TimeoutError):  # bwrap died, or never got there
                raise SandboxUnavailable(
                    f"the sandbox ended while being set up ({error!r})"
                ) from None
            raise
        finally:
            close_quietly(block_write)
        return sandbox


def _system_view() -> list[str]:
    """Read-only binds of the system's software (symlinks kept as links: merged /usr)."""
    args: list[str] = []
    for directory in SYSTEM_DIRS:
        path = Path(directory)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), directory]
        elif path.is_dir():
            args += ["--ro-bind", directory, directory]
    for name in ETC_ENTRIES:
        path = Path("/etc") / name
        if path.exists():
            args += ["--ro-bind", str(path), str(path)]
    return args


def visible(path: Path) -> bool:
    """Whether every sandbox already sees `path`, read-only: the system's software and the
    listed `/etc` entries."""
    absolute = Path(os.path.abspath(path))
    roots = [Path(d) for d in SYSTEM_DIRS] + [Path("/etc") / name for name in ETC_ENTRIES]
    return any(absolute.is_relative_to(root) for root in roots)


def python_installation(path: Path) -> list[Bind]:
    """Read-only binds, at its own path, of the Python installation holding `path` (an
    interpreter, or its directory such as a venv's `home`); none when every sandbox already
    sees it. The installation is the nearest directory above the interpreter holding
    `lib/python3.*/os.py`, where Python itself finds its standard library (else the parent
    of the interpreter's directory)."""
    resolved = path.resolve()
    start = resolved if resolved.is_dir() else resolved.parent
    found = (p for p in (start, *start.parents) if any(p.glob("lib/python3*/os.py")))
    prefix = next(found, start.parent)
    if prefix == Path("/") or visible(prefix):
        return []
    return [Bind(prefix, str(prefix))]


def _parents(targets: Sequence[str]) -> list[str]:
    """`--dir` for the parents of bind targets: bwrap would make them 0700 (root's only)."""
    parents = {str(parent) for target in targets for parent in Path(target).parents}
    return [arg for parent in sorted(parents - {"/"}) for arg in ("--dir", parent)]


def _child_pid(info_fd: int) -> int:
    """The pid bwrap reports once the sandbox exists (EOF first: bwrap failed)."""
    chunks = []
    while chunk := os.read(info_fd, 4096):
        chunks.append(chunk)
        with contextlib.suppress(ValueError):
            return int(json.loads(b"".join(chunks))["child-pid"])
    raise SandboxUnavailable("bwrap did not start the sandbox")


async def _killed(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGKILL)
    await process.wait()
