"""SystemSourceGate: the SourceGate port on this host's filesystem and DNS resolver."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from flowloom.repository.domain.ports import SourceGate
from flowloom.repository.domain.reach import (
    Admission,
    AllowList,
    IPAddress,
    Location,
    ReachRules,
    Transport,
    locate,
)
from flowloom.repository.domain.scan import ScanFailed
from flowloom.repository.infrastructure.git.local_paths import check_paths_git_reads

# Every address a host name resolves to, as text; raises OSError when it does not resolve.
Resolver = Callable[[str, int], Awaitable[list[str]]]
DNS_TIMEOUT_SECONDS = 10.0


async def system_resolver(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    answers = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(answer[4][0]) for answer in answers})


@dataclass(eq=False)
class SystemSourceGate(SourceGate):
    """Paths are compared after resolving symlinks (realpath), host names after resolving them
    to every address; the directories are resolved again at each check."""

    protected: Sequence[Path]
    local_roots: Sequence[Path]
    allowed: AllowList
    resolver: Resolver = system_resolver
    dns_timeout: float = DNS_TIMEOUT_SECONDS

    async def check(self, url: str, *, admin: bool) -> None:
        await self._admission(url, admin=admin, reading=False)

    async def admit(self, url: str, *, admin: bool) -> Admission:
        return await self._admission(url, admin=admin, reading=True)

    async def _admission(self, url: str, *, admin: bool, reading: bool) -> Admission:
        location = locate(url)
        if location.transport is Transport.FILE:
            return await asyncio.to_thread(self._local, url, location, admin)
        if admin or self.allowed.admits_host(location.host):
            return Admission(url, location, url)
        addresses = await self._addresses(url, location, reading)
        self._rules().check_addresses(location, addresses, admin=admin)
        return Admission(url, location, url, tuple(str(address) for address in addresses))

    def _local(self, url: str, location: Location, admin: bool) -> Admission:
        rules = self._rules()
        real = Path(os.path.realpath(location.path))

        def check(path: Path, linked: bool) -> None:
            rules.check_path(url, PurePosixPath(path), admin=admin, linked=linked)

        check_paths_git_reads(real, check)
        # git reads the path that was checked, not one a symlink may change on the way.
        return Admission(url, location, "file://" + quote(str(real)))

    async def _addresses(self, url: str, location: Location, reading: bool) -> list[IPAddress]:
        literal = location.literal_address
        if literal is not None:
            return [literal]
        try:
            answers = await asyncio.wait_for(
                self.resolver(location.host, location.port or 0), self.dns_timeout
            )
        except (OSError, TimeoutError):
            answers = []
        if not answers and reading:
            raise ScanFailed(
                f"cannot reach repository {url}: host {location.host} does not resolve"
            )
        # Not resolving when the URL is set is no error: it is checked again before each read.
        return [ipaddress.ip_address(answer) for answer in answers]

    def _rules(self) -> ReachRules:
        return ReachRules(
            protected=tuple(_real(path) for path in self.protected),
            local_roots=tuple(_real(path) for path in self.local_roots),
            allowed=self.allowed,
        )


def _real(path: Path) -> PurePosixPath:
    return PurePosixPath(os.path.realpath(path))
