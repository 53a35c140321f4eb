"""Migration steps every service's history shares: the columns, keys and indexes its tables
are made of (named as `tables.NAMING_CONVENTION` names them), servicekit's outbox and inbox,
and the token revocations consumed from authorization. Frozen by version (``_v1``): a
migration that ran must create the same tables for ever, so a later shape is a new function
and a new migration, never a change here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

# Column types the services' migrations share. Timestamps are stored in UTC (the application's
# column type makes them aware again on read); states as their plain values, no native enum.
ID = sa.String(64)
TIMESTAMP = sa.DateTime(timezone=True)
STATE = sa.String(16)


def ids_v1(*names: str, type_: sa.types.TypeEngine[Any] = ID) -> list[sa.Column[Any]]:
    """Required identifier columns (``"id", "project_id"``), in the order named."""
    return [sa.Column(name, type_, nullable=False) for name in names]


def timestamps_v1() -> list[sa.Column[Any]]:
    """`created_at` and `updated_at`, both required (`tables.timestamps()`)."""
    return [
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    ]


def primary_key_v1(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    """The primary key of ``table``: ``pk_<table>``."""
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


def unique_v1(table: str, *columns: str) -> sa.UniqueConstraint:
    """A unique constraint of ``table``: ``uq_<table>_<columns>``."""
    return sa.UniqueConstraint(*columns, name=f"uq_{table}_{'_'.join(columns)}")


def cascading_foreign_key_v1(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    """``column`` of ``table`` refers to ``referred.id`` and its rows are deleted with the row
    they refer to: ``fk_<table>_<column>_<referred>``."""
    return sa.ForeignKeyConstraint(
        [column], [f"{referred}.id"], name=f"fk_{table}_{column}_{referred}", ondelete="CASCADE"
    )


def create_indexes_v1(table: str, *indexes: Sequence[str]) -> None:
    """One index of ``table`` per list of columns: ``ix_<table>_<columns>``."""
    for columns in indexes:
        op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns))


def create_message_tables_v1() -> None:
    """servicekit's outbox and inbox, as `message_tables(metadata)` declared them at first."""
    op.create_table(
        "outbox_messages",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("message_id", sa.String(64), nullable=False),
        sa.Column("exchange", sa.String(255), nullable=False),
        sa.Column("routing_key", sa.String(255), nullable=False),
        sa.Column("type", sa.String(255), nullable=False),
        sa.Column("correlation_id", sa.String(64), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_messages"),
        sa.UniqueConstraint("message_id", name="uq_outbox_messages_message_id"),
    )
    op.create_table(
        "inbox_messages",
        sa.Column("consumer", sa.String(255), nullable=False),
        sa.Column("message_id", sa.String(64), nullable=False),
        sa.Column("processed_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("consumer", "message_id", name="pk_inbox_messages"),
    )


def drop_message_tables_v1() -> None:
    op.drop_table("inbox_messages")
    op.drop_table("outbox_messages")


def create_revocation_table_v1() -> None:
    """servicekit's `revocation_table`: access tokens revoked by authorization."""
    op.create_table(
        "token_revocations",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=True),
        sa.Column("project_id", sa.String(64), nullable=True),
        sa.Column("api_key_id", sa.String(64), nullable=True),
        sa.Column("issued_before", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_token_revocations"),
    )
    op.create_index("ix_token_revocations_expires_at", "token_revocations", ["expires_at"])


def drop_revocation_table_v1() -> None:
    op.drop_index("ix_token_revocations_expires_at", table_name="token_revocations")
    op.drop_table("token_revocations")
