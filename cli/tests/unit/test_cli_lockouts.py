"""`users lockouts` and `users unlock` against a fake server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx

from ..conftest import FakeServer, Result

CLI = Callable[..., Result]
LOCKOUTS = "/api/authorization/lockouts"


def lockout(lockout_id: str, username: str | None, address: str) -> dict[str, object]:
    return {
        "id": lockout_id,
        "username": username,
        "address": address,
        "failures": 6,
        "locked_until": "2026-01-01T00:00:02Z",
        "last_failure_at": "2026-01-01T00:00:00Z",
        "retry_after_seconds": 2,
    }


def listed(server: FakeServer) -> None:
    items = [
        lockout("l1", None, "203.0.113.9"),
        lockout("l2", "admin", "203.0.113.9"),
        lockout("l3", "admin", "198.51.100.4"),
    ]
    server.on("GET", LOCKOUTS, {"items": items, "next_cursor": None})
    for item in items:
        server.on("DELETE", f"{LOCKOUTS}/{item['id']}", lambda _: httpx.Response(204))


def deleted(server: FakeServer) -> list[str]:
    return [r.url.path.rsplit("/", 1)[-1] for r in server.requests if r.method == "DELETE"]


def test_lockouts_lists_who_from_where_and_until_when(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    listed(server)
    result = cli("users", "lockouts")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("(any)" in line and "203.0.113.9" in line and "l1" in line for line in lines)
    assert any("admin" in line and "198.51.100.4" in line and "l3" in line for line in lines)


def test_lockouts_json_is_the_items(cli: CLI, server: FakeServer, logged_in: Path) -> None:
    listed(server)
    result = cli("users", "lockouts", "--json")
    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)] == ["l1", "l2", "l3"]


def test_unlock_clears_every_lockout_of_a_username(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    listed(server)
    result = cli("users", "unlock", "admin")
    assert result.exit_code == 0, result.stderr
    assert deleted(server) == ["l2", "l3"]


def test_unlock_clears_only_the_address_given(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    listed(server)
    result = cli("users", "unlock", "admin", "--address", "198.51.100.4")
    assert result.exit_code == 0, result.stderr
    assert deleted(server) == ["l3"]
    assert "Cleared the lockout of admin from 198.51.100.4." in result.stdout


def test_unlock_fails_in_one_line_when_nothing_matches(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    listed(server)
    result = cli("users", "unlock", "bob")
    assert result.exit_code == 1
    assert result.stderr == "flowloom: error: no lockout of 'bob': see `flowloom users lockouts`\n"
    assert deleted(server) == []
