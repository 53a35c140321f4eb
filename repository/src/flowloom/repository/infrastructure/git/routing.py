"""How one fetch travels: over the transport its URL names, to the addresses the gate checked."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from flowloom.repository.domain.reach import SCP_LIKE, Admission, Transport
from flowloom.repository.domain.scan import ScanFailed

# Transports the git client may use; everything else (ext::, fd::, git://, ...) is refused.
PROTOCOLS = frozenset({"file", "https", "http", "ssh"})
_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")


@dataclass(frozen=True)
class Route:
    """`protocol` goes to GIT_ALLOW_PROTOCOL (so neither a redirect nor a submodule can switch
    transport); `config` and `ssh_options` pin the host to the addresses the gate checked."""

    fetch_url: str
    protocol: str
    config: tuple[str, ...] = ()
    ssh_options: tuple[str, ...] = field(default=())


def route(url: str, admission: Admission | None = None) -> Route:
    """The route of a fetch of `url` (or of what the gate admitted for it)."""
    if admission is None:
        return Route(url, protocol_of(url))
    fetch_url = admission.fetch_url
    location, addresses = admission.location, admission.addresses
    if not addresses or location.literal_address is not None:
        return Route(fetch_url, protocol_of(fetch_url))
    if location.transport is Transport.HTTPS:
        pinned = ",".join(f"[{a}]" if ":" in a else a for a in addresses)
        resolve = f"http.curloptResolve={location.host}:{location.port}:{pinned}"
        return Route(fetch_url, "https", config=("-c", resolve))
    # ssh takes one address: any of them passed the check.
    return Route(fetch_url, "ssh", ssh_options=("-o", f"HostName={addresses[0]}"))


def protocol_of(url: str) -> str:
    """The transport git would use for url: its scheme, ssh for user@host:path, file for a path."""
    scheme = _SCHEME.match(url)
    if scheme is not None:
        found = scheme["scheme"].lower()
    elif SCP_LIKE.match(url):
        found = "ssh"
    elif "::" not in url and (url.startswith("/") or ":" not in url.split("/", 1)[0]):
        found = "file"
    else:
        found = ""
    if found not in PROTOCOLS:
        raise ScanFailed(f"unsupported repository URL '{url}'.")
    return found


def ssh_command(options: tuple[str, ...]) -> str:
    """GIT_SSH_COMMAND (git runs it through a shell): every option quoted."""
    return " ".join(["ssh", *(shlex.quote(option) for option in options)])
