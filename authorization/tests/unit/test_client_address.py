"""The client address: X-Forwarded-For believed from trusted proxies only, right to left."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from starlette.requests import Request

from flowloom.authorization.infrastructure.api.client_address import ClientAddresses
from flowloom.authorization.settings import AuthorizationSettings
from flowloom.servicekit.keys import generate_key

PROXIES = ClientAddresses(["127.0.0.1", "10.0.0.0/8", "::1"])


def request(peer: str | None, *headers: tuple[str, str]) -> Request:
    scope = {
        "type": "http",
        "client": (peer, 50000) if peer else None,
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers],
    }
    return Request(scope)


def forwarded(value: str) -> tuple[str, str]:
    return ("X-Forwarded-For", value)


def test_uses_the_connection_when_no_proxy_forwards() -> None:
    assert PROXIES.of(request("198.51.100.7")) == "198.51.100.7"


def test_uses_the_forwarded_address_when_a_trusted_proxy_reports_it() -> None:
    assert PROXIES.of(request("127.0.0.1", forwarded("198.51.100.7"))) == "198.51.100.7"


def test_ignores_forwarded_for_when_the_connection_is_no_trusted_proxy() -> None:
    assert PROXIES.of(request("198.51.100.7", forwarded("203.0.113.1"))) == "198.51.100.7"


def test_ignores_what_the_client_wrote_before_the_proxy_appended_its_address() -> None:
    # The client sent "X-Forwarded-For: 203.0.113.1"; the proxy appended the real address.
    chain = forwarded("203.0.113.1, 198.51.100.7")
    assert PROXIES.of(request("127.0.0.1", chain)) == "198.51.100.7"


def test_walks_through_a_chain_of_trusted_proxies() -> None:
    chain = forwarded("203.0.113.1, 198.51.100.7, 10.1.2.3")
    assert PROXIES.of(request("127.0.0.1", chain)) == "198.51.100.7"


def test_reads_every_forwarded_for_header_in_order() -> None:
    req = request("127.0.0.1", forwarded("203.0.113.1"), forwarded("198.51.100.7, 10.0.0.2"))
    assert PROXIES.of(req) == "198.51.100.7"


def test_stops_at_the_last_believed_address_when_a_hop_is_garbage() -> None:
    assert PROXIES.of(request("127.0.0.1", forwarded("not-an-ip, 10.0.0.9"))) == "10.0.0.9"


def test_reads_x_real_ip_when_a_trusted_proxy_sends_no_forwarded_for() -> None:
    assert PROXIES.of(request("::1", ("X-Real-IP", "2001:db8::7"))) == "2001:db8::7"
    assert PROXIES.of(request("198.51.100.7", ("X-Real-IP", "203.0.113.1"))) == "198.51.100.7"


@pytest.mark.parametrize(
    ("hop", "address"),
    [
        ("198.51.100.7:4321", "198.51.100.7"),
        ("[2001:db8::7]:4321", "2001:db8::7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        (" 198.51.100.7 ", "198.51.100.7"),
    ],
)
def test_normalises_forwarded_addresses_when_written_with_port_or_mapped(
    hop: str, address: str
) -> None:
    assert PROXIES.of(request("127.0.0.1", forwarded(hop))) == address


def test_trusts_no_one_when_no_proxy_is_configured() -> None:
    assert ClientAddresses([]).of(request("127.0.0.1", forwarded("203.0.113.1"))) == "127.0.0.1"


def test_answers_unknown_when_the_connection_has_no_ip_address() -> None:
    assert PROXIES.of(request(None, forwarded("203.0.113.1"))) == "unknown"
    assert PROXIES.of(request("testclient")) == "unknown"


def test_reads_trusted_proxies_from_the_environment_comma_separated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLOWLOOM_AUTHORIZATION_TRUSTED_PROXIES", "10.0.0.0/8, ::1")
    settings = AuthorizationSettings(key_encryption_key=generate_key())
    assert settings.trusted_proxies == ["10.0.0.0/8", "::1"]


def test_refuses_to_start_naming_the_entry_when_a_trusted_proxy_is_no_address() -> None:
    with pytest.raises(ValidationError, match=r"'proxy\.example' is not an IP address"):
        AuthorizationSettings(
            key_encryption_key=generate_key(), trusted_proxies=["10.0.0.0/8", "proxy.example"]
        )
