"""Every attempt of an execution is kept (`executions.attempts`), each log line says its attempt.

Existing executions get their current attempt only (the earlier ones were never stored): its
number, its state as far as the execution tells (a Waiting execution with attempts behind it
failed its last one), its start, end and message. Existing log lines count as their
execution's current attempt (as from 1): a step retried before this revision shows all its
lines under its last attempt.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"

_executions = sa.table(
    "executions",
    sa.column("id", sa.String(64)),
    sa.column("state", sa.String(16)),
    sa.column("attempt", sa.Integer()),
    sa.column("message", sa.Text()),
    sa.column("started_at", sa.DateTime(timezone=True)),
    sa.column("ended_at", sa.DateTime(timezone=True)),
    sa.column("attempts", sa.JSON()),
)


def upgrade() -> None:
    op.add_column(
        "executions", sa.Column("attempts", sa.JSON(), nullable=False, server_default="[]")
    )
    op.add_column(
        "log_lines", sa.Column("attempt", sa.Integer(), nullable=False, server_default="1")
    )
    _backfill_attempts()
    op.execute(
        "UPDATE log_lines SET attempt = COALESCE((SELECT executions.attempt FROM executions"
        " WHERE executions.id = log_lines.execution_id AND executions.attempt > 1), 1)"
    )
    # The defaults only served the rows already there: the application always writes both.
    with op.batch_alter_table("executions") as batch:
        batch.alter_column("attempts", server_default=None)
    with op.batch_alter_table("log_lines") as batch:
        batch.alter_column("attempt", server_default=None)


def _backfill_attempts() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_executions).where(
            _executions.c.attempt > 0, _executions.c.started_at.is_not(None)
        )
    ).mappings()
    updates = [{"execution_id": row["id"], "new_attempts": [_current(row)]} for row in rows]
    if updates:
        connection.execute(
            _executions.update()
            .where(_executions.c.id == sa.bindparam("execution_id"))
            .values(attempts=sa.bindparam("new_attempts", type_=sa.JSON())),
            updates,
        )


def _current(row: Any) -> dict[str, Any]:
    state = row["state"]
    ended = state != "Running"
    if state == "Waiting":  # a retry due later: the last attempt failed
        state = "Error"
    return {
        "number": row["attempt"],
        "state": state,
        "started_at": _iso(row["started_at"]),
        "ended_at": _iso(row["ended_at"]) if ended and row["ended_at"] else None,
        "error": row["message"] if state in ("Error", "Canceled") else None,
        "traceback": "",
    }


def _iso(value: datetime | str) -> str:
    """SQLite hands back naive UTC timestamps (or their text); PostgreSQL aware ones."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def downgrade() -> None:
    with op.batch_alter_table("log_lines") as batch:
        batch.drop_column("attempt")
    with op.batch_alter_table("executions") as batch:
        batch.drop_column("attempts")
