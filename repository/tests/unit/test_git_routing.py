"""The way git travels for one fetch: one transport, and the addresses the gate checked."""

from __future__ import annotations

import pytest

from flowloom.repository.domain.reach import Admission, locate
from flowloom.repository.domain.scan import ScanFailed
from flowloom.repository.infrastructure.git.routing import protocol_of, route, ssh_command


def admitted(url: str, *addresses: str, fetch_url: str | None = None) -> Admission:
    return Admission(url, locate(url), fetch_url or url, addresses)


def test_pins_https_host_to_checked_addresses_when_admitted_with_them() -> None:
    way = route("https://git.example/r.git", admitted("https://git.example:8443/r.git",
                "93.184.215.14", "2606:4700::1"))  # fmt: skip

    assert way.protocol == "https"
    assert way.config == (
        "-c",
        "http.curloptResolve=git.example:8443:93.184.215.14,[2606:4700::1]",
    )
    assert way.ssh_options == ()


def test_pins_ssh_host_name_when_admitted_with_addresses() -> None:
    way = route("git@git.example:o/r.git", admitted("git@git.example:o/r.git", "93.184.215.14"))

    assert (way.protocol, way.config) == ("ssh", ())
    assert ssh_command(way.ssh_options) == "ssh -o HostName=93.184.215.14"


def test_pins_nothing_when_host_is_an_address_or_nothing_was_resolved() -> None:
    assert route("x", admitted("https://93.184.215.14/r", "93.184.215.14")).config == ()
    assert route("x", admitted("https://git.example/r")).config == ()


def test_reads_checked_real_path_when_file_source_was_admitted() -> None:
    way = route("file:///srv/link", admitted("file:///srv/link", fetch_url="file:///srv/real"))

    assert (way.fetch_url, way.protocol) == ("file:///srv/real", "file")


@pytest.mark.parametrize(
    ("url", "protocol"),
    [
        ("file:///r", "file"),
        ("/srv/git/r", "file"),
        ("relative/r", "file"),
        ("https://h/r", "https"),
        ("http://h/r", "http"),
        ("ssh://h/r", "ssh"),
        ("git@h:r", "ssh"),
    ],
)
def test_allows_only_the_transport_of_the_url(url: str, protocol: str) -> None:
    assert protocol_of(url) == protocol


@pytest.mark.parametrize("url", ["ext::sh -c id", "git://h/r", "fd::3", "h:r", "ftp://h/r"])
def test_refuses_fetch_when_url_needs_another_transport(url: str) -> None:
    with pytest.raises(ScanFailed, match="unsupported repository URL"):
        protocol_of(url)
