"""Where a source may lead: URL forms, non-public addresses, allow-lists, directories."""

from __future__ import annotations

import ipaddress
from pathlib import PurePosixPath

import pytest

from flowloom.repository.domain.errors import SourceRefused
from flowloom.repository.domain.reach import (
    AllowList,
    Location,
    ReachRules,
    Transport,
    locate,
    non_public,
)

DATA = PurePosixPath("/var/lib/flowloom")
ROOT = PurePosixPath("/srv/git")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:///srv/git/a%20b", Location(Transport.FILE, "/srv/git/a b")),
        ("https://Git.Example.com/r", Location(Transport.HTTPS, "/r", "git.example.com", 443)),
        ("https://bot@host:8443/r", Location(Transport.HTTPS, "/r", "host", 8443)),
        ("https://[::1]/r", Location(Transport.HTTPS, "/r", "::1", 443)),
        ("ssh://git@10.0.0.1/x", Location(Transport.SSH, "/x", "10.0.0.1", 22)),
        ("git@host.example:o/r.git", Location(Transport.SSH, "o/r.git", "host.example")),
    ],
)  # fmt: skip
def test_reads_host_and_path_when_url_has_a_form_we_read(url: str, expected: Location) -> None:
    assert locate(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://host/r.git",
        "git://host/r.git",
        "ext::sh -c touch% /tmp/x",
        "fd::3",
        "file://elsewhere/srv/git/r",
        "file:relative/path",
        "/srv/git/r",
        "https://evil.example\\@127.0.0.1/r",
        "https://host name/r",
        "https://-oProxyCommand=x/r",
        "ssh://git@[not-an-ip]/r",
        "https://h\u00f6st.example/r",
        "https://host:99999/r",
        "file:///srv/git/r\n",
    ],
)
def test_refuses_url_when_git_could_read_it_another_way_than_we_check(url: str) -> None:
    with pytest.raises(SourceRefused) as refused:
        locate(url)

    assert refused.value.field == "body.url"


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.1.2.3", "a loopback address"),
        ("::1", "a loopback address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("10.0.0.1", "a private address"),
        ("172.16.5.4", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fd00::1", "a private address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("239.1.1.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:169.254.169.254", "a link-local address"),
        ("::127.0.0.1", "a loopback address"),
        ("2002:7f00:1::", "a loopback address"),
        ("64:ff9b::a00:1", "a private address"),
        ("100.64.0.1", "a shared or otherwise non-public address"),
        ("64:ff9b:1::1", "a reserved address"),
        ("240.0.0.1", "a reserved address"),
    ],
)
def test_names_why_when_address_is_not_public(address: str, reason: str) -> None:
    assert non_public(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1", "::ffff:8.8.8.8"])
def test_finds_nothing_when_address_is_public(address: str) -> None:
    assert non_public(ipaddress.ip_address(address)) is None


def test_admits_networks_and_host_names_when_listed() -> None:
    allowed = AllowList.parse(["10.1.0.0/16", "fd00::/8", "Git.Corp.", " "])

    assert allowed.admits_address(ipaddress.ip_address("10.1.2.3"))
    assert allowed.admits_address(ipaddress.ip_address("::ffff:10.1.2.3"))
    assert allowed.admits_address(ipaddress.ip_address("fd12::1"))
    assert not allowed.admits_address(ipaddress.ip_address("10.2.0.1"))
    assert allowed.admits_host("git.corp")
    assert not allowed.admits_host("other.corp")


def test_refuses_allow_list_entry_when_neither_network_nor_host() -> None:
    with pytest.raises(ValueError, match=r"'10\.0\.0\.0/33'"):
        AllowList.parse(["10.0.0.0/33"])


def rules(*roots: PurePosixPath, allowed: AllowList | None = None) -> ReachRules:
    return ReachRules((DATA,), roots, allowed or AllowList())


@pytest.mark.parametrize("admin", [True, False])
@pytest.mark.parametrize(
    ("path", "linked"),
    [
        (DATA, False),
        (DATA / "repository/git-cache/abc.git", False),
        (DATA / "repository/git-cache/abc.git/objects", True),
        (PurePosixPath("/var/lib"), True),
        (PurePosixPath("/"), True),
    ],
)
def test_refuses_everyone_when_path_reaches_platform_data(
    path: PurePosixPath, linked: bool, admin: bool
) -> None:
    with pytest.raises(SourceRefused, match="leads into the platform's own data"):
        rules(PurePosixPath("/")).check_path("file:///x", path, admin=admin, linked=linked)


def test_admits_parent_of_data_when_named_by_the_url_itself() -> None:
    rules(PurePosixPath("/var")).check_path(
        "file:///var/lib", PurePosixPath("/var/lib"), admin=False, linked=False
    )


def test_refuses_non_admin_file_source_when_no_local_root_is_set() -> None:
    with pytest.raises(SourceRefused, match="only platform administrators may add file://"):
        rules().check_path("file:///srv/git/r", ROOT / "r", admin=False, linked=False)


def test_refuses_non_admin_path_when_outside_local_roots() -> None:
    with pytest.raises(SourceRefused, match=r"leads to /home/x/r, outside .* \(/srv/git\)"):
        rules(ROOT).check_path("file:///srv/git/r", PurePosixPath("/home/x/r"), admin=False,
                               linked=True)  # fmt: skip


def test_admits_path_when_under_a_local_root_or_set_by_admin() -> None:
    rules(ROOT).check_path("file:///srv/git/r", ROOT / "r", admin=False, linked=False)
    rules().check_path("file:///home/x/r", PurePosixPath("/home/x/r"), admin=True, linked=False)


def test_refuses_non_admin_when_host_resolves_to_loopback() -> None:
    location = locate("https://localhost/r.git")
    addresses = [ipaddress.ip_address("93.184.215.14"), ipaddress.ip_address("127.0.0.1")]

    with pytest.raises(SourceRefused) as refused:
        rules().check_addresses(location, addresses, admin=False)

    assert refused.value.message.startswith(
        "host localhost resolves to 127.0.0.1, a loopback address: only platform administrators"
    )


def test_admits_non_public_address_when_admin_or_allow_listed() -> None:
    location = locate("https://10.0.0.1/r.git")
    address = [ipaddress.ip_address("10.0.0.1")]

    rules().check_addresses(location, address, admin=True)
    rules(allowed=AllowList.parse(["10.0.0.0/8"])).check_addresses(location, address, admin=False)
    with pytest.raises(SourceRefused, match=r"^10\.0\.0\.1 is a private address"):
        rules().check_addresses(location, address, admin=False)
