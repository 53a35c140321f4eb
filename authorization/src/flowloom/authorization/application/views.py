"""What the use cases return: read-only views that never carry a secret's hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flowloom.authorization.domain.errors import ValidationFailed
from flowloom.authorization.domain.model import Role
from flowloom.authorization.domain.signing import AccessClaims
from flowloom.authorization.domain.throttle import LoginThrottle
from flowloom.servicekit.kernel import Copied
from flowloom.servicekit.kernel import Page as Page  # re-exported: the views page
from flowloom.servicekit.kernel import page_of as page_of

MAX_PAGE_SIZE = 200


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationFailed("limit", f"must be between 1 and {MAX_PAGE_SIZE}")
    return limit


@dataclass(frozen=True)
class TokenPair:
    """A signed access token with its claims and, except for API keys, a refresh token."""

    access: AccessClaims
    access_token: str
    refresh_token: str | None
    refresh_expires_at: datetime | None


@dataclass(frozen=True)
class UserView(Copied):
    id: str
    username: str
    full_name: str
    email: str | None
    is_admin: bool
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class ProjectView(Copied):
    """A project with the caller's role in it (None for an admin who is not a member)."""

    id: str
    name: str
    created_at: datetime
    role: Role | None


@dataclass(frozen=True)
class MemberView:
    user_id: str
    username: str
    full_name: str
    role: Role


@dataclass(frozen=True)
class MembershipView:
    project_id: str
    project_name: str
    role: Role


@dataclass(frozen=True)
class Profile:
    """The caller (``me``): who they are, where they belong and their current project."""

    user: UserView
    memberships: list[MembershipView]
    project_id: str | None
    role: Role | None


@dataclass(frozen=True)
class ApiKeyView(Copied):
    id: str
    prefix: str
    name: str
    project_id: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class CreatedApiKey:
    """A new key; ``api_key`` is the only time the full secret is ever shown."""

    key: ApiKeyView
    api_key: str


@dataclass(frozen=True)
class LockoutView:
    """An ongoing login lockout; ``username`` None: the address's, over every username."""

    id: str
    username: str | None
    address: str
    failures: int
    locked_until: datetime
    last_failure_at: datetime | None
    retry_after_seconds: int

    @classmethod
    def of(cls, throttle: LoginThrottle, now: datetime) -> LockoutView:
        assert throttle.locked_until is not None  # a lockout has a lock
        return cls(
            id=throttle.id,
            username=None if throttle.covers_every_username else throttle.username,
            address=throttle.address,
            failures=throttle.failures,
            locked_until=throttle.locked_until,
            last_failure_at=throttle.last_failure_at,
            retry_after_seconds=throttle.retry_after(now),
        )
