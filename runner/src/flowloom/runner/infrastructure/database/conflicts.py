"""Turning constraint violations of either database into the domain's `Conflict`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from flowloom.runner.domain.errors import Conflict

# Each rule: the PostgreSQL constraint name (from the naming convention), the first column that
# SQLite names in "UNIQUE constraint failed: table.column, ...", and the message for a human.
_UNIQUE_RULES: tuple[tuple[str, str, str], ...] = (
    (
        "pk_deployments",
        "deployments.workflow_id",
        "a deployment of this workflow already exists",
    ),
    ("uq_deployments_webhook_key", "deployments.webhook_key", "this webhook key is already used"),
    (
        "pk_workflow_versions",
        "workflow_versions.workflow_version_id",
        "this workflow version is already stored",
    ),
    ("pk_runs", "runs.id", "a run with this id already exists"),
    ("pk_executions", "executions.id", "an execution with this id already exists"),
    ("pk_log_lines", "log_lines.execution_id", "this log line number is already taken"),
    (
        "uq_outbox_messages_message_id",
        "outbox_messages.message_id",
        "this event was already recorded",
    ),
    ("pk_inbox_messages", "inbox_messages.consumer", "this message was already processed"),
)
_FOREIGN_KEY_MESSAGE = "the run of this execution does not exist"
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
