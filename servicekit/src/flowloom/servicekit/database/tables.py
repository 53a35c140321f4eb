"""What every service's schema shares: its MetaData's naming convention, the column types and
sets that recur, and servicekit's own tables (outbox, inbox, token revocations), added to the
MetaData of each service (each owns its database)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
)

from flowloom.servicekit.database.types import UtcDateTime

# Named constraints let Alembic's batch mode rebuild SQLite tables, and later migrations drop
# or alter a constraint by the same name on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def service_metadata() -> MetaData:
    """A service's MetaData: its constraints named by `NAMING_CONVENTION`."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def _values(enum: type[PyEnum]) -> list[str]:
    return [str(member.value) for member in enum]


def value_enum(enum: type[PyEnum], length: int = 16) -> Enum:
    """An enum stored as its members' plain values ("Running"): no native PostgreSQL enum
    type to migrate, no CHECK constraint."""
    return Enum(enum, native_enum=False, length=length, values_callable=_values)


# An identifier: ours are UUIDs, other services' (a workflow's, a project's) get some room.
ID = String(64)


def project_id_column(type_: String = ID) -> Column[Any]:
    """The project a row belongs to: required, and indexed (every list is a project's)."""
    return Column("project_id", type_, nullable=False, index=True)


def cascading_column(
    name: str, referred: str, type_: String = ID, *, primary_key: bool = False
) -> Column[Any]:
    """A required reference to ``referred`` (``"runs.id"``): the row is deleted with the row
    it refers to."""
    return Column(
        name,
        type_,
        ForeignKey(referred, ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
    )


def timestamps() -> tuple[Column[Any], Column[Any]]:
    """`created_at` and `updated_at`, both required."""
    return (
        Column("created_at", UtcDateTime(), nullable=False),
        Column("updated_at", UtcDateTime(), nullable=False),
    )


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
