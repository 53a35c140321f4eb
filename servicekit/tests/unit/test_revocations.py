"""The deny-list: which tokens a revocation matches, and when it is forgotten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from flowloom.servicekit.revocations import DenyList, Revocation, revocation_of
from flowloom.servicekit.tokens import TokenClaims

T = datetime(2025, 3, 1, 12, 0, 0, 500_000, tzinfo=UTC)
TTL = timedelta(minutes=15)


def claims(
    issued: datetime,
    user: str = "u1",
    project: str | None = "p1",
    api_key: str | None = None,
) -> TokenClaims:
    return TokenClaims(
        user_id=user, username="ada", is_admin=False, project_id=project, role="owner",
        expires_at=int((issued + TTL).timestamp()), issued_at=issued.timestamp(),
        api_key_id=api_key,
    )  # fmt: skip


def revocation(id: str = "r1", **scope: str) -> Revocation:
    return Revocation(id=id, issued_before=T, expires_at=T + TTL, **scope)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now.timestamp()


@pytest.fixture
def clock() -> Clock:
    return Clock(T + timedelta(seconds=1))


@pytest.fixture
def deny(clock: Clock) -> DenyList:
    return DenyList(grace=60, clock=clock)


def test_denies_user_tokens_when_issued_before_revocation(deny: DenyList) -> None:
    deny.add(revocation(user_id="u1"))
    assert deny.denies(claims(T - timedelta(minutes=5)))
    assert deny.denies(claims(T - timedelta(microseconds=1), project=None))


def test_accepts_token_when_issued_at_or_after_revocation(deny: DenyList) -> None:
    deny.add(revocation(user_id="u1"))
    # A token issued in the same transaction as the revocation (a new password's session).
    assert not deny.denies(claims(T))
    assert not deny.denies(claims(T + timedelta(milliseconds=1)))


def test_accepts_token_when_it_belongs_to_another_user(deny: DenyList) -> None:
    deny.add(revocation(user_id="u1"))
    assert not deny.denies(claims(T - timedelta(minutes=1), user="u2"))


def test_denies_only_that_project_when_revocation_names_one(deny: DenyList) -> None:
    deny.add(revocation(user_id="u1", project_id="p1"))
    assert deny.denies(claims(T - timedelta(minutes=1), project="p1"))
    assert not deny.denies(claims(T - timedelta(minutes=1), project="p2"))
    assert not deny.denies(claims(T - timedelta(minutes=1), project=None))


def test_denies_every_member_when_revocation_names_only_a_project(deny: DenyList) -> None:
    deny.add(revocation(project_id="p1"))
    assert deny.denies(claims(T - timedelta(minutes=1), user="u1"))
    assert deny.denies(claims(T - timedelta(minutes=1), user="u9"))
    assert not deny.denies(claims(T - timedelta(minutes=1), project="p2"))


def test_denies_only_tokens_of_the_key_when_revocation_names_an_api_key(deny: DenyList) -> None:
    deny.add(revocation(user_id="u1", api_key_id="k1"))
    assert deny.denies(claims(T - timedelta(minutes=1), api_key="k1"))
    assert not deny.denies(claims(T - timedelta(minutes=1), api_key="k2"))
    assert not deny.denies(claims(T - timedelta(minutes=1)))  # a login of the same user


def test_forgets_revocation_when_no_token_it_matches_can_be_valid(
    deny: DenyList, clock: Clock
) -> None:
    deny.add(revocation("r1", user_id="u1"))
    deny.add(revocation("r1", user_id="u1"))  # the same one again: once
    assert len(deny) == 1
    clock.now = T + TTL + timedelta(seconds=59)
    deny.prune()
    assert len(deny) == 1  # still within the grace (the verifier's leeway)
    clock.now = T + TTL + timedelta(seconds=61)
    deny.prune()
    assert len(deny) == 0


def test_ignores_revocation_when_it_has_expired_already(deny: DenyList, clock: Clock) -> None:
    clock.now = T + TTL + timedelta(hours=1)
    deny.add(revocation(user_id="u1"))
    assert len(deny) == 0


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"id": "", "user_id": "u1"}, "needs an id"),
        ({"id": "r1"}, "names a user or a project"),
        ({"id": "r1", "user_id": "u1", "expires_at": T - timedelta(seconds=1)}, "expires after"),
        (
            {"id": "r1", "user_id": "u1", "issued_before": datetime(1970, 1, 1, tzinfo=UTC)},
            "expires after",
        ),
    ],
    ids=["no-id", "no-user-nor-project", "expires-before-cutoff", "no-cutoff"],
)
def test_refuses_revocation_when_it_is_malformed(fields: dict, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        Revocation(**{"issued_before": T, "expires_at": T + TTL, **fields})


@dataclass
class Stamp:
    moment: datetime

    def ToDatetime(self, tzinfo: object = None) -> datetime:
        return self.moment


@dataclass
class Message:
    event_id: str
    user_id: str
    project_id: str
    api_key_id: str
    issued_before: Stamp
    expires_at: Stamp


def test_reads_empty_fields_as_any_when_building_from_a_message() -> None:
    message = Message("e1", "u1", "", "", Stamp(T), Stamp(T + TTL))
    assert revocation_of(message) == Revocation(
        id="e1", issued_before=T, expires_at=T + TTL, user_id="u1"
    )
