"""The repository schema as SQLAlchemy tables (the migrations must produce exactly this)."""

from __future__ import annotations

from enum import Enum as PyEnum

from sqlalchemy import (
    Boolean,
    Column,
    Enum,
    Float,
    Index,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from flowloom.repository.domain.build import BuildState
from flowloom.repository.domain.catalog import ActionState
from flowloom.repository.domain.source import ScanState
from flowloom.repository.infrastructure.database.codecs import DefinitionJson, ScanErrorsJson
from flowloom.servicekit.database import tables as kit_tables
from flowloom.servicekit.database.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ID = String(64)
metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _state(enum: type[PyEnum]) -> Enum:
    """Stored as the plain value ("Build Pending"): no native PostgreSQL enum type to migrate."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=16,
        values_callable=lambda members: [str(m.value) for m in members],
    )


sources = Table(
    "sources",
    metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, nullable=False, index=True),
    Column("name", String(128), nullable=False),
    Column("url", Text(), nullable=False),
    Column("default_branch", String(255), nullable=True),  # null: the remote's HEAD
    Column("sealed_credentials", Text(), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("url_set_by", ID, nullable=True),
    Column("url_set_by_admin", Boolean(), nullable=False, server_default=false()),
    UniqueConstraint("project_id", "name"),
)

scans = Table(
    "scans",
    metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, nullable=False, index=True),
    Column("source_id", ID, nullable=False, index=True),
    Column("ref", String(255), nullable=False),
    Column("state", _state(ScanState), nullable=False),
    Column("sha", String(64), nullable=True),
    Column("error", Text(), nullable=True),
    Column("errors", ScanErrorsJson(), nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("finished_at", UtcDateTime(), nullable=True),
)

actions = Table(
    "actions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, nullable=False, index=True),
    Column("source_id", ID, nullable=False, index=True),
    Column("path", String(1024), nullable=False),
    Column("state", _state(ActionState), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("sha", String(64), nullable=False),
    Column("definition", DefinitionJson(), nullable=True),
    Column("errors", ScanErrorsJson(), nullable=False),
    Column("technical_name", String(64), nullable=True),
    Column("version", String(128), nullable=True),
    Column("kind", String(16), nullable=True),
    Column("content_digest", String(64), nullable=True),
    Column("source_archive", Text(), nullable=True),
    Column("logo", LargeBinary(), nullable=True),
    Column("logo_media_type", String(32), nullable=True),
    Column("present_in_latest_scan", Boolean(), nullable=False),
    Column("current_build_id", ID, nullable=True),
    Column("artefact", Text(), nullable=True),
    Column("published_build_id", ID, nullable=True),
    Column("published_technical_name", String(64), nullable=True),
    Column("published_version", String(128), nullable=True),
    UniqueConstraint("source_id", "path"),
)

builds = Table(
    "builds",
    metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, nullable=False, index=True),
    Column("action_id", ID, nullable=False),
    Column("content_digest", String(64), nullable=False),
    Column("sha", String(64), nullable=False),
    Column("source_archive", Text(), nullable=False),
    Column("requested_at", UtcDateTime(), nullable=False),
    Column("state", _state(BuildState), nullable=False),
    Column("started_at", UtcDateTime(), nullable=True),
    Column("finished_at", UtcDateTime(), nullable=True),
    Column("error", Text(), nullable=True),
    Column("logs", Text(), nullable=True),
    Column("artefact", Text(), nullable=True),
    Column("artefact_digest", String(80), nullable=True),
    Column("cache_hit", Boolean(), nullable=False),
    Column("duration_seconds", Float(), nullable=True),
    Index("ix_builds_action_id_requested_at", "action_id", "requested_at"),
)

message_tables = kit_tables.message_tables(metadata)
token_revocations = kit_tables.revocation_table(metadata)
