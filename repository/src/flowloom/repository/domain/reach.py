"""Where a source may lead: the URL forms we read, and the addresses and directories it may reach.

Two rules (docs/security/sources.md): no source ever reaches the platform's own data, and a
source set by someone who is not a platform administrator reaches neither a directory outside
the ones an administrator opened (`LOCAL_ROOTS`) nor a loopback, link-local, private or other
non-public address (unless an administrator allowed it, `ALLOWED_NETWORKS`).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from urllib.parse import unquote

from flowloom.repository.domain.errors import SourceRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# user@host:path (scp-like ssh); the host part never holds a colon or a bracket.
SCP_LIKE = re.compile(r"^(?P<user>[A-Za-z0-9._-]+)@(?P<host>[A-Za-z0-9.-]+):(?P<path>[^\s]+)$")
# The authority of https:// and ssh:// URLs: what both we and git (curl, ssh) read the same way.
_AUTHORITY = re.compile(
    r"^(?:[A-Za-z0-9._~%+-]+@)?(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d{1,5}))?$"
)
_HOST_NAME = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})*\.?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DEFAULT_PORTS = {"https": 443, "ssh": 22}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_FORMS = "https://host/path, ssh://[user@]host/path, user@host:path or file:///absolute/path"


class Transport(StrEnum):
    FILE = "file"
    HTTPS = "https"
    SSH = "ssh"


@dataclass(frozen=True)
class Location:
    """What a source URL names: a local path, or a host (name or IP literal) and port."""

    transport: Transport
    path: str
    host: str = ""
    port: int | None = None

    @property
    def literal_address(self) -> IPAddress | None:
        """The host when it is an IP address rather than a name."""
        try:
            return ipaddress.ip_address(self.host)
        except ValueError:
            return None


def locate(url: str) -> Location:
    """Parse a source URL; anything but the forms we read is refused (422 on `url`)."""
    if _CONTROL.search(url):
        raise SourceRefused("the URL must not contain control characters")
    if url.startswith("file://"):
        return _file_location(url)
    for transport in (Transport.HTTPS, Transport.SSH):
        if url.startswith(f"{transport}://"):
            return _remote_location(transport, url.removeprefix(f"{transport}://"))
    scp = SCP_LIKE.match(url)
    if scp is not None:
        return Location(Transport.SSH, scp["path"], _host(scp["host"]), None)
    raise SourceRefused(f"the URL must be one of {_FORMS}")


def _file_location(url: str) -> Location:
    rest = url.removeprefix("file://")
    if not rest.startswith("/"):
        # git ignores a host in a file URL (file://elsewhere/x reads /x): name none.
        raise SourceRefused("a file URL names an absolute path of this host: file:///path")
    path = unquote(rest)  # git decodes %XX in file URLs
    if _CONTROL.search(path):
        raise SourceRefused("the URL must not contain control characters")
    return Location(Transport.FILE, path)


def _remote_location(transport: Transport, rest: str) -> Location:
    authority, slash, path = rest.partition("/")
    found = _AUTHORITY.match(authority)
    if found is None or "\\" in rest or any(c.isspace() for c in rest):
        raise SourceRefused(
            f"'{transport}://{authority}' is not a host we can check: give "
            "[user@]host[:port] with an ASCII host name or an IP address"
        )
    port = int(found["port"]) if found["port"] else _DEFAULT_PORTS[transport]
    if not 0 < port < 65536:
        raise SourceRefused(f"port {port} is not a TCP port")
    return Location(transport, slash + path, _host(found["host"]), port)


def _host(raw: str) -> str:
    if raw.startswith("["):
        try:
            return str(ipaddress.IPv6Address(raw[1:-1]))
        except ValueError:
            raise SourceRefused(f"'{raw}' is not an IPv6 address") from None
    host = raw.lower()
    if not _HOST_NAME.match(host):
        raise SourceRefused(f"'{raw}' is not a valid host name")
    return host


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, compatible, 6to4, NAT64)."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    low = int(address) & 0xFFFFFFFF
    if address in _NAT64 or (int(address) >> 32 == 0 and low > 1):
        return ipaddress.IPv4Address(low)
    return None


def non_public(address: IPAddress) -> str | None:
    """Why a source set by a non-administrator may not connect to `address`; None when public."""
    checked = embedded_ipv4(address) or address
    if checked.is_loopback:
        return "a loopback address"
    if checked.is_link_local:
        return "a link-local address"
    if checked.is_unspecified:
        return "an unspecified address"
    if checked.is_multicast:
        return "a multicast address"
    if checked.is_reserved:
        return "a reserved address"
    if checked.is_private:
        return "a private address"
    if not checked.is_global:
        return "a shared or otherwise non-public address"
    return None


@dataclass(frozen=True)
class AllowList:
    """Networks (CIDR) and host names an administrator opened to every user's sources."""

    networks: tuple[IPNetwork, ...] = ()
    hosts: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        """Raises ValueError naming the first entry that is neither a CIDR nor a host name."""
        networks: list[IPNetwork] = []
        hosts: set[str] = set()
        for entry in (raw.strip() for raw in entries):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                if not _HOST_NAME.match(entry.lower()):
                    raise ValueError(
                        f"'{entry}' is neither a network (CIDR) nor a host name"
                    ) from None
                hosts.add(entry.lower().rstrip("."))
        return cls(tuple(networks), frozenset(hosts))

    def admits_host(self, host: str) -> bool:
        return host.rstrip(".") in self.hosts

    def admits_address(self, address: IPAddress) -> bool:
        forms = [address, embedded_ipv4(address)]
        return any(
            form is not None and form.version == network.version and form in network
            for form in forms
            for network in self.networks
        )


@dataclass(frozen=True)
class Admission:
    """A source URL admitted for one read: git reads `fetch_url` and, when `addresses` are
    given, connects only to them (the ones checked), so a new DNS answer cannot redirect it."""

    url: str
    location: Location
    fetch_url: str
    addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReachRules:
    """The rules with every directory already resolved to its real path."""

    protected: tuple[PurePosixPath, ...]
    local_roots: tuple[PurePosixPath, ...]
    allowed: AllowList = field(default_factory=AllowList)

    def check_path(self, url: str, path: PurePosixPath, *, admin: bool, linked: bool) -> None:
        """`path`: the real path of a directory or file git would read for a file URL;
        `linked`: reached through a symlink, a `.git` file or an alternate, not the URL."""
        inside = any(path.is_relative_to(data) for data in self.protected)
        # A link to a parent of the platform's data would let git read it by relative names.
        above = linked and any(data.is_relative_to(path) for data in self.protected)
        if inside or above:
            raise SourceRefused(
                f"{url} leads into the platform's own data, which no source may read"
            )
        if admin:
            return
        if not self.local_roots:
            raise SourceRefused(
                "only platform administrators may add file:// sources: no directory of this "
                "host is open to other users"
            )
        if not any(path.is_relative_to(root) for root in self.local_roots):
            roots = ", ".join(str(root) for root in self.local_roots)
            raise SourceRefused(
                f"{url} leads to {path}, outside the directories open to file:// sources ({roots})"
            )

    def check_addresses(
        self, location: Location, addresses: Iterable[IPAddress], *, admin: bool
    ) -> None:
        """`addresses`: every address the host resolves to (or its literal address)."""
        if admin or self.allowed.admits_host(location.host):
            return
        for address in addresses:
            reason = non_public(address)
            if reason is None or self.allowed.admits_address(address):
                continue
            named = (
                f"{address} is"
                if location.literal_address is not None
                else f"host {location.host} resolves to {address},"
            )
            raise SourceRefused(
                f"{named} {reason}: only platform administrators may add sources on loopback, "
                "link-local, private or other non-public networks, unless an administrator "
                "allows the network"
            )
