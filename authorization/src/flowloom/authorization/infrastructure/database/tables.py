"""The authorization schema as SQLAlchemy tables (the migrations must produce exactly this)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from flowloom.authorization.domain.model import Role
from flowloom.servicekit.database import tables as kit_tables
from flowloom.servicekit.database.types import UtcDateTime

ID = String(36)

metadata = kit_tables.service_metadata()


# Stored as the plain value ("owner").
ROLE = kit_tables.value_enum(Role, length=32)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("full_name", String(128), nullable=False),
    Column("email", String(254), nullable=True),
    Column("is_admin", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
    # No foreign key: a deleted project simply stops qualifying as the last used one.
    Column("last_project_id", ID, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

projects = Table(
    "projects",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

memberships = Table(
    "memberships",
    metadata,
    kit_tables.cascading_column("project_id", "projects.id", ID, primary_key=True),
    kit_tables.cascading_column("user_id", "users.id", ID, primary_key=True),
    Column("role", ROLE, nullable=False),
    Index(None, "user_id"),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", ID, primary_key=True),
    kit_tables.cascading_column("user_id", "users.id", ID),
    Column("family_id", ID, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    # No foreign key: tokens of a deleted project simply stop granting access to it.
    Column("project_id", ID, nullable=True),
    Column("issued_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
    Column("replaced_by", ID, nullable=True),
    Index(None, "family_id"),
    Index(None, "user_id"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", ID, primary_key=True),
    kit_tables.cascading_column("user_id", "users.id", ID),
    kit_tables.cascading_column("project_id", "projects.id", ID),
    Column("name", String(64), nullable=False),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=True),
    Column("last_used_at", UtcDateTime(), nullable=True),
    Column("revoked_at", UtcDateTime(), nullable=True),
    Index(None, "user_id", "created_at", "id"),
    Index(None, "project_id"),
)

# One row per (username, client address) and per client address (username ""); the id is
# a hash of the pair, so two first failures of one pair meet on the primary key.
login_throttles = Table(
    "login_throttles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("username", String(128), nullable=False),
    Column("address", String(64), nullable=False),
    Column("failures", Integer, nullable=False),
    Column("locked_until", UtcDateTime(), nullable=True),
    Column("last_failure_at", UtcDateTime(), nullable=True),
    Column("forget_at", UtcDateTime(), nullable=False),
    Index(None, "username", "address"),
    Index(None, "forget_at"),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(64), primary_key=True),
    Column("algorithm", String(32), nullable=False),
    # The private key sealed with the key-encryption key (a setting, never in this database).
    Column("sealed_private_key", Text, nullable=False),
    Column("public_jwk", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("signs_from", UtcDateTime(), nullable=False),
    Column("retires_at", UtcDateTime(), nullable=True),
)

message_tables = kit_tables.message_tables(metadata)
token_revocations = kit_tables.revocation_table(metadata)
