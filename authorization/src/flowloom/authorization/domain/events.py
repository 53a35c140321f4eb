"""Domain events of the authorization service, written to the outbox by the unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


def _new_event_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened; ``event_id`` becomes the message id (consumers deduplicate)."""

    occurred_at: datetime
    event_id: str = field(default_factory=_new_event_id)


@dataclass(frozen=True, kw_only=True)
class ProjectDeleted(DomainEvent):
    """A project and everything of it in this service is gone; other services clean up."""

    project_id: str


class RevocationReason(StrEnum):
    """Why access tokens stopped counting before their expiry."""

    USER_DEACTIVATED = "user_deactivated"
    USER_DELETED = "user_deleted"
    ADMIN_RIGHTS_REMOVED = "admin_rights_removed"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (a reason, not a password)
    MEMBERSHIP_REMOVED = "membership_removed"
    MEMBERSHIP_ROLE_CHANGED = "membership_role_changed"
    API_KEY_REVOKED = "api_key_revoked"
    PROJECT_DELETED = "project_deleted"


@dataclass(frozen=True, kw_only=True)
class TokensRevoked(DomainEvent):
    """Access tokens issued before ``issued_before`` no longer count, in every service.

    A token matches when its subject is ``user_id``, its project ``project_id`` and its API key
    ``api_key_id``, each only when set (a user or a project always is). The token lifetime
    bounds how long it matters: no token it matches is valid after ``expires_at``.
    """

    reason: RevocationReason
    issued_before: datetime
    expires_at: datetime
    user_id: str | None = None
    project_id: str | None = None
    api_key_id: str | None = None

    def __post_init__(self) -> None:
        if self.user_id is None and self.project_id is None:
            raise ValueError("a revocation names a user or a project")
