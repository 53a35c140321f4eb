"""A sandbox's outbound-only network: slirp4netns joins its own network namespace to the
outside (user-mode TCP/IP, so the host's loopback stays out of reach with
`--disable-host-loopback`), once bwrap has set the namespace up and waits."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from pathlib import Path

SLIRP_DNS = "10.0.2.3"  # slirp4netns's resolver, forwarding to the host's
START_TIMEOUT = 10.0


class NetworkUnavailable(Exception):
    """The sandbox's network could not be set up; the message says why."""


async def attach(slirp4netns: str, pid: int) -> tuple[asyncio.subprocess.Process, int]:
    """slirp4netns on the sandbox's network namespace; returns it and the pipe that keeps
    it alive (it leaves when the pipe closes, so also when this process dies)."""
    ready_read, ready_write = os.pipe()
    exit_read, exit_write = os.pipe()
    try:
        helper = await asyncio.create_subprocess_exec(
            slirp4netns,
            "--configure",
            "--mtu=65520",
            "--disable-host-loopback",
            "--enable-sandbox",
            "--enable-seccomp",
            f"--ready-fd={ready_write}",
            f"--exit-fd={exit_read}",
            str(pid),
            "tap0",
            pass_fds=(ready_write, exit_read),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
    except BaseException:
        close_quietly(ready_read, exit_write)
        raise
    finally:
        close_quietly(ready_write, exit_read)
    try:
        ready = await asyncio.wait_for(asyncio.to_thread(os.read, ready_read, 1), START_TIMEOUT)
    except BaseException:
        ready = b""
    finally:
        close_quietly(ready_read)
    if ready != b"1":
        os.close(exit_write)
        with contextlib.suppress(ProcessLookupError):
            helper.kill()
        _, error = await helper.communicate()
        message = error.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise NetworkUnavailable(f"the sandbox's network did not come up: {message[0]}")
    return helper, exit_write


def wait_blocked(pid: int, fd: int) -> None:
    """Wait until the sandbox's first process is reading `fd` (it is then set up and waits)."""
    waiting = f"0 {fd:#x} "  # read(2) on the block fd, as /proc/<pid>/syscall shows it
    while True:
        try:
            if Path(f"/proc/{pid}/syscall").read_text().startswith(waiting):
                return
        except OSError:
            raise NetworkUnavailable("bwrap ended while setting the sandbox up") from None
        time.sleep(0.001)


def resolv_conf() -> int:
    """A resolv.conf naming slirp4netns's resolver, as a file descriptor bwrap reads."""
    fd = os.memfd_create("resolv.conf")
    os.write(fd, f"nameserver {SLIRP_DNS}\n".encode())
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def close_quietly(*fds: int | None) -> None:
    for fd in fds:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
