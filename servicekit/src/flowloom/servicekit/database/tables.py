"""Outbox and inbox tables, added to the MetaData of each service (each owns its database)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
)

from flowloom.servicekit.database.types import UtcDateTime

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
_OUTBOX_ID = BigInteger().with_variant(Integer(), "sqlite")


@dataclass(frozen=True, slots=True)
class MessageTables:
    """The outbox (events to relay) and inbox (message ids already applied) of one service."""

    outbox: Table
    inbox: Table


def message_tables(metadata: MetaData) -> MessageTables:
    outbox = Table(
        "outbox_messages",
        metadata,
        Column("id", _OUTBOX_ID, primary_key=True, autoincrement=True),
        Column("message_id", String(64), nullable=False, unique=True),
        Column("exchange", String(255), nullable=False),
        Column("routing_key", String(255), nullable=False),
        Column("type", String(255), nullable=False),
        Column("correlation_id", String(64), nullable=True),
        Column("headers", JSON, nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
    )
    inbox = Table(
        "inbox_messages",
        metadata,
        Column("consumer", String(255), primary_key=True),
        Column("message_id", String(64), primary_key=True),
        Column("processed_at", UtcDateTime(), nullable=False),
    )
    return MessageTables(outbox=outbox, inbox=inbox)


def revocation_table(metadata: MetaData) -> Table:
    """The access-token revocations a service has consumed (servicekit.database.revocations)."""
    return Table(
        "token_revocations",
        metadata,
        Column("id", String(64), primary_key=True),
        Column("user_id", String(64), nullable=True),
        Column("project_id", String(64), nullable=True),
        Column("api_key_id", String(64), nullable=True),
        Column("issued_before", UtcDateTime(), nullable=False),
        Column("expires_at", UtcDateTime(), nullable=False),
        Index("ix_token_revocations_expires_at", "expires_at"),
    )
