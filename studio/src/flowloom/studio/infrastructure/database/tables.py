"""The studio schema as SQLAlchemy tables (the migrations must produce exactly this)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from flowloom.servicekit.database import tables as kit_tables
from flowloom.servicekit.database.types import UtcDateTime

ID = String(64)
NAME = String(128)

metadata = kit_tables.service_metadata()

# One row per published version; `document` holds the whole PublishedAction but the logo.
actions = Table(
    "actions",
    metadata,
    Column("project_id", ID, primary_key=True),
    Column("technical_name", NAME, primary_key=True),
    Column("version", NAME, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("human_name", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("document", JSON, nullable=False),
    Column("logo", LargeBinary, nullable=False),
    Column("logo_media_type", NAME, nullable=False),
)

# `definition` is the workflow.yaml text (round-trips exactly: read(write(w)) == w).
workflows = Table(
    "workflows",
    metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, nullable=False),
    Column("name", String(255), nullable=False),
    Column("description", Text, nullable=False),
    Column("definition", Text, nullable=False),
    *kit_tables.timestamps(),
    Index("ix_workflows_project_id_name_id", "project_id", "name", "id"),
    Index("ux_workflows_project_id_name", "project_id", "name", unique=True),
)

workflow_files = Table(
    "workflow_files",
    metadata,
    Column("key", String(512), primary_key=True),
    kit_tables.cascading_column("workflow_id", "workflows.id"),
    kit_tables.project_id_column(),
    Column("filename", String(255), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(255), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Index("ix_workflow_files_workflow_id", "workflow_id"),
)

# `content` is the studio.v1.WorkflowVersion protobuf: exactly what was sent to the runner.
workflow_versions = Table(
    "workflow_versions",
    metadata,
    Column("id", NAME, primary_key=True),
    kit_tables.cascading_column("workflow_id", "workflows.id"),
    kit_tables.project_id_column(),
    Column("number", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("workflow_id", "number"),
)

deployments = Table(
    "deployments",
    metadata,
    kit_tables.cascading_column("workflow_id", "workflows.id", primary_key=True),
    kit_tables.project_id_column(),
    Column("version_id", NAME, nullable=False),
    Column("version_number", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("message", Text, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

variables = Table(
    "variables",
    metadata,
    Column("project_id", ID, primary_key=True),
    Column("name", NAME, primary_key=True),
    Column("type", String(16), nullable=False),
    Column("value", JSON, nullable=True),
    *kit_tables.timestamps(),
)

# `sealed` is the Fernet token of the value; the value itself is never stored.
secrets = Table(
    "secrets",
    metadata,
    Column("project_id", ID, primary_key=True),
    Column("name", NAME, primary_key=True),
    Column("sealed", Text, nullable=False),
    *kit_tables.timestamps(),
)

message_tables = kit_tables.message_tables(metadata)
token_revocations = kit_tables.revocation_table(metadata)
