"""Turning constraint violations of either database into the domain's `Conflict`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from flowloom.authorization.domain.errors import Conflict

# Each rule: the PostgreSQL constraint name (from the naming convention), the first column that
# SQLite names in "UNIQUE constraint failed: table.column, ...", and the message for a human.
_UNIQUE_RULES: tuple[tuple[str, str, str], ...] = (
    ("uq_users_username", "users.username", "this username is already taken"),
    ("uq_projects_name", "projects.name", "a project with this name already exists"),
    ("pk_memberships", "memberships.project_id", "the user is already a member of the project"),
    ("uq_api_keys_prefix", "api_keys.prefix", "an API key with this prefix already exists"),
    (
        "uq_refresh_tokens_token_hash",
        "refresh_tokens.token_hash",
        "this refresh token already exists",
    ),
    ("pk_login_throttles", "login_throttles.username", "this login throttle already exists"),
    ("pk_signing_keys", "signing_keys.kid", "a signing key with this id already exists"),
    (
        "uq_outbox_messages_message_id",
        "outbox_messages.message_id",
        "this event was already recorded",
    ),
    ("pk_inbox_messages", "inbox_messages.consumer", "this message was already processed"),
)
_FOREIGN_KEY_MESSAGE = "a referenced user or project does not exist"
_DEFAULT_MESSAGE = "the change conflicts with data already stored"


def conflict_from(error: IntegrityError) -> Conflict:
    """A `Conflict` whose message says which rule the change broke."""
    text = str(error.orig).lower()
    if "foreign key" in text:
        return Conflict(_FOREIGN_KEY_MESSAGE)
    for constraint, column, message in _UNIQUE_RULES:
        if f'"{constraint}"' in text or f"unique constraint failed: {column}" in text:
            return Conflict(message)
    return Conflict(_DEFAULT_MESSAGE)


@contextmanager
def conflicts_translated() -> Iterator[None]:
    """Re-raise an `IntegrityError` from the block as `Conflict` (the cause is kept)."""
    try:
        yield
    except IntegrityError as error:
        raise conflict_from(error) from error
