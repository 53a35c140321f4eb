"""Revoked access tokens: the deny-list a `TokenVerifier` consults on every request."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from flowloom.servicekit.tokens import TokenClaims

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Revocation:
    """Access tokens that stop counting before they expire.

    A token matches when it was issued strictly before ``issued_before`` and each of
    ``user_id`` (the ``sub`` claim), ``project_id`` and ``api_key_id`` that is set equals the
    token's claim. At least a user or a project is named: a revocation never denies everyone.
    No token it matches is valid after ``expires_at`` (the revocation time plus the
    access-token lifetime), so the revocation can be forgotten then.
    """

    id: str
    issued_before: datetime
    expires_at: datetime
    user_id: str | None = None
    project_id: str | None = None
    api_key_id: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a revocation needs an id")
        if self.user_id is None and self.project_id is None:
            raise ValueError("a revocation names a user or a project")
        if self.issued_before.tzinfo is None or self.expires_at.tzinfo is None:
            raise ValueError("revocation times must be aware datetimes")
        if self.issued_before <= _EPOCH or self.expires_at < self.issued_before:
            raise ValueError("a revocation expires after the time it revokes tokens before")

    def matches(self, claims: TokenClaims) -> bool:
        return (
            claims.issued_at < self.issued_before.timestamp()
            and self.user_id in (None, claims.user_id)
            and self.project_id in (None, claims.project_id)
            and self.api_key_id in (None, claims.api_key_id)
        )

    def expired(self, now: float, grace: float) -> bool:
        return now > self.expires_at.timestamp() + grace


class DenyList:
    """The revocations in force, indexed by user (project-wide ones under None).

    A revocation is dropped ``grace`` seconds after its ``expires_at``: by then every token it
    matches has expired, the verifier's leeway included.
    """

    def __init__(self, *, grace: float = 60.0, clock: Callable[[], float] = time.time) -> None:
        self._grace = grace
        self._clock = clock
        self._by_user: dict[str | None, dict[str, Revocation]] = {}

    def add(self, revocation: Revocation) -> None:
        """Idempotent: a revocation is known by its id."""
        self.prune()
        if not revocation.expired(self._clock(), self._grace):
            self._by_user.setdefault(revocation.user_id, {})[revocation.id] = revocation

    def add_all(self, revocations: Iterable[Revocation]) -> None:
        for revocation in revocations:
            self.add(revocation)

    def denies(self, claims: TokenClaims) -> bool:
        for user in (claims.user_id, None):
            for revocation in self._by_user.get(user, {}).values():
                if revocation.matches(claims):
                    return True
        return False

    def prune(self) -> None:
        """Forget the revocations no unexpired token can match any more."""
        now = self._clock()
        for user, revocations in list(self._by_user.items()):
            for key, revocation in list(revocations.items()):
                if revocation.expired(now, self._grace):
                    del revocations[key]
            if not revocations:
                del self._by_user[user]

    def __len__(self) -> int:
        return sum(len(revocations) for revocations in self._by_user.values())


class _Timestamp(Protocol):
    def ToDatetime(self, tzinfo: tzinfo | None = ...) -> datetime: ...  # noqa: N802


class RevocationMessage(Protocol):
    """The fields of the issuer's revocation message (``TokensRevoked`` of authorization)
    that a consumer reads; empty strings mean "any"."""

    @property
    def event_id(self) -> str: ...
    @property
    def user_id(self) -> str: ...
    @property
    def project_id(self) -> str: ...
    @property
    def api_key_id(self) -> str: ...
    @property
    def issued_before(self) -> _Timestamp: ...
    @property
    def expires_at(self) -> _Timestamp: ...


def revocation_of(message: RevocationMessage) -> Revocation:
    """The revocation a consumed message carries; ValueError when it is malformed."""
    return Revocation(
        id=message.event_id,
        issued_before=message.issued_before.ToDatetime(tzinfo=UTC),
        expires_at=message.expires_at.ToDatetime(tzinfo=UTC),
        user_id=message.user_id or None,
        project_id=message.project_id or None,
        api_key_id=message.api_key_id or None,
    )
