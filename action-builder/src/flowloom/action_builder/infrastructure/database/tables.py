"""The builder's schema as SQLAlchemy tables (the migrations must produce exactly this)."""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table

from flowloom.servicekit.database import tables as kit_tables
from flowloom.servicekit.database.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)

# A build ends once: its row and its result (in the outbox) commit together, so a duplicate
# order (a redelivery after a lost acknowledgement, on this builder or another) is ignored.
ended_builds = Table(
    "ended_builds",
    metadata,
    Column("build_id", String(64), primary_key=True),
    Column("project_id", String(64), nullable=False),
    Column("outcome", String(16), nullable=False),  # Succeeded, Failed
    Column("event_id", String(64), nullable=False),  # the result's
    Column("ended_at", UtcDateTime(), nullable=False),
)
message_tables = kit_tables.message_tables(metadata)
