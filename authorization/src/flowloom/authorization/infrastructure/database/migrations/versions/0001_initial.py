"""Initial schema: users, projects, memberships, credentials, throttles, keys, outbox, inbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database import migration_ops
from flowloom.servicekit.database.migration_ops import TIMESTAMP

revision: str = "0001"
down_revision: str | None = None

ID = sa.String(36)


def upgrade() -> None:
    op.create_table(
        "users",
        *migration_ops.ids_v1("id", type_=ID),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("full_name", sa.String(128), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_project_id", ID, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        migration_ops.primary_key_v1("users", "id"),
        migration_ops.unique_v1("users", "username"),
    )
    op.create_table(
        "projects",
        *migration_ops.ids_v1("id", type_=ID),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        migration_ops.primary_key_v1("projects", "id"),
        migration_ops.unique_v1("projects", "name"),
    )
    op.create_table(
        "memberships",
        *migration_ops.ids_v1("project_id", "user_id", type_=ID),
        # Role values ("owner", "developer", ...) as plain text: no native enum to migrate.
        sa.Column("role", sa.String(32), nullable=False),
        migration_ops.primary_key_v1("memberships", "project_id", "user_id"),
        migration_ops.cascading_foreign_key_v1("memberships", "project_id", "projects"),
        migration_ops.cascading_foreign_key_v1("memberships", "user_id", "users"),
    )
    migration_ops.create_indexes_v1("memberships", ["user_id"])
    _create_credentials()
    op.create_table(
        "login_throttles",
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", TIMESTAMP, nullable=True),
        migration_ops.primary_key_v1("login_throttles", "username"),
    )
    op.create_table(
        "signing_keys",
        sa.Column("kid", sa.String(64), nullable=False),
        sa.Column("algorithm", sa.String(32), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("public_jwk", sa.JSON(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("retired_at", TIMESTAMP, nullable=True),
        migration_ops.primary_key_v1("signing_keys", "kid"),
    )
    migration_ops.create_message_tables_v1()


def _create_credentials() -> None:
    """The refresh tokens and API keys, deleted with their user."""
    op.create_table(
        "refresh_tokens",
        *migration_ops.ids_v1("id", "user_id", "family_id", type_=ID),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("project_id", ID, nullable=True),
        sa.Column("issued_at", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        sa.Column("replaced_by", ID, nullable=True),
        migration_ops.primary_key_v1("refresh_tokens", "id"),
        migration_ops.unique_v1("refresh_tokens", "token_hash"),
        migration_ops.cascading_foreign_key_v1("refresh_tokens", "user_id", "users"),
    )
    migration_ops.create_indexes_v1("refresh_tokens", ["family_id"], ["user_id"])
    op.create_table(
        "api_keys",
        *migration_ops.ids_v1("id", "user_id", "project_id", type_=ID),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=True),
        sa.Column("last_used_at", TIMESTAMP, nullable=True),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        migration_ops.primary_key_v1("api_keys", "id"),
        migration_ops.unique_v1("api_keys", "prefix"),
        migration_ops.cascading_foreign_key_v1("api_keys", "user_id", "users"),
        migration_ops.cascading_foreign_key_v1("api_keys", "project_id", "projects"),
    )
    migration_ops.create_indexes_v1("api_keys", ["user_id", "created_at", "id"], ["project_id"])


def downgrade() -> None:
    migration_ops.drop_message_tables_v1()
    for table in (
        "signing_keys",
        "login_throttles",
        "api_keys",
        "refresh_tokens",
        "memberships",
        "projects",
        "users",
    ):
        op.drop_table(table)
