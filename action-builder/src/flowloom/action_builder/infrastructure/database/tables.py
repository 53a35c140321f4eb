"""The builder's schema as SQLAlchemy tables (the migrations must produce exactly this)."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from flowloom.servicekit.database import tables as kit_tables
from flowloom.servicekit.database.types import UtcDateTime

metadata = kit_tables.service_metadata()

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
