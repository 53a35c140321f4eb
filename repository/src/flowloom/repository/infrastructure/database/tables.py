"""The repository schema as SQLAlchemy tables (the migrations must produce exactly this)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    LargeBinary,
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

ID = String(64)
metadata = kit_tables.service_metadata()


sources = Table(
    "sources",
    metadata,
    Column("id", ID, primary_key=True),
    kit_tables.project_id_column(),
    Column("name", String(128), nullable=False),
    Column("url", Text(), nullable=False),
    Column("default_branch", String(255), nullable=True),  # null: the remote's HEAD
    Column("sealed_credentials", Text(), nullable=True),
    *kit_tables.timestamps(),
    Column("url_set_by", ID, nullable=True),
    Column("url_set_by_admin", Boolean(), nullable=False, server_default=false()),
    UniqueConstraint("project_id", "name"),
)

scans = Table(
    "scans",
    metadata,
    Column("id", ID, primary_key=True),
    kit_tables.project_id_column(),
    Column("source_id", ID, nullable=False, index=True),
    Column("ref", String(255), nullable=False),
    Column("state", kit_tables.value_enum(ScanState), nullable=False),
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
    kit_tables.project_id_column(),
    Column("source_id", ID, nullable=False, index=True),
    Column("path", String(1024), nullable=False),
    Column("state", kit_tables.value_enum(ActionState), nullable=False),
    *kit_tables.timestamps(),
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
    kit_tables.project_id_column(),
    Column("action_id", ID, nullable=False),
    Column("content_digest", String(64), nullable=False),
    Column("sha", String(64), nullable=False),
    Column("source_archive", Text(), nullable=False),
    Column("requested_at", UtcDateTime(), nullable=False),
    Column("state", kit_tables.value_enum(BuildState), nullable=False),
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
