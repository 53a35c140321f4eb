"""The client's address: the connection's, or the one a trusted reverse proxy reports."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.requests import Request

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN = "unknown"


class ClientAddresses:
    """Reads `X-Forwarded-For` only from the trusted proxies, right to left.

    A proxy appends the address it received the request from, so the rightmost entries are
    the trusted ones. Walking from the connection's address leftwards, each hop is believed
    only while the one that reported it is a trusted proxy: the first address that is not
    one is the client. Whatever a client writes into the header itself lies further left
    and is never reached. `X-Real-IP` is read instead when a trusted proxy sends no
    `X-Forwarded-For`.
    """

    def __init__(self, trusted: Iterable[str]) -> None:
        self._trusted = [ipaddress.ip_network(item, strict=False) for item in trusted]

    def of(self, request: Request) -> str:
        """The client's address, normalised (`unknown` without one, as over a Unix socket)."""
        peer = _parse(request.client.host) if request.client else None
        if peer is None:
            return UNKNOWN
        address = peer
        forwarded = [
            hop.strip()
            for value in request.headers.getlist("x-forwarded-for")
            for hop in value.split(",")
        ]
        if not forwarded and self._trusts(address):
            forwarded = [request.headers.get("x-real-ip", "").strip()]
        for hop in reversed(forwarded):
            if not self._trusts(address):
                break
            reported = _parse(hop)
            if reported is None:
                break  # garbage from further left: the last believed address stands
            address = reported
        return str(address)

    def _trusts(self, address: Address) -> bool:
        return any(address in network for network in self._trusted)


def _parse(value: str) -> Address | None:
    """An IP address, also as `1.2.3.4:port` or `[v6]:port`; IPv4-mapped IPv6 as IPv4."""
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
