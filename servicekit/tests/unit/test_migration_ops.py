"""The migration builders are frozen: what they emit is pinned here, so that a change to one
(which would change every revision that ran it) fails a test instead of a deployment."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic import op
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext

from flowloom.servicekit.database import migration_ops


def _emitted(dialect: str, steps: Callable[[], None]) -> list[str]:
    """The statements ``steps`` emits on ``dialect`` (offline: nothing is run)."""
    buffer = io.StringIO()
    context = MigrationContext.configure(
        dialect_name=dialect, opts={"as_sql": True, "output_buffer": buffer}
    )
    with Operations.context(context):
        steps()
    statements = (" ".join(part.split()) for part in buffer.getvalue().split(";"))
    return [statement for statement in statements if statement]


def _parent_and_child() -> None:
    op.create_table(
        "parents",
        *migration_ops.ids_v1("id", "project_id"),
        *migration_ops.timestamps_v1(),
        migration_ops.primary_key_v1("parents", "id"),
        migration_ops.unique_v1("parents", "project_id", "created_at"),
    )
    op.create_table(
        "children",
        *migration_ops.ids_v1("id", "parent_id", type_=sa.String(36)),
        migration_ops.primary_key_v1("children", "id", "parent_id"),
        migration_ops.cascading_foreign_key_v1("children", "parent_id", "parents"),
    )
    migration_ops.create_indexes_v1("children", ["parent_id"], ["parent_id", "id"])


PARENT_AND_CHILD = [
    "CREATE TABLE parents ( id VARCHAR(64) NOT NULL, project_id VARCHAR(64) NOT NULL, "
    "created_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL, "
    "CONSTRAINT pk_parents PRIMARY KEY (id), "
    "CONSTRAINT uq_parents_project_id_created_at UNIQUE (project_id, created_at) )",
    "CREATE TABLE children ( id VARCHAR(36) NOT NULL, parent_id VARCHAR(36) NOT NULL, "
    "CONSTRAINT pk_children PRIMARY KEY (id, parent_id), "
    "CONSTRAINT fk_children_parent_id_parents FOREIGN KEY(parent_id) "
    "REFERENCES parents (id) ON DELETE CASCADE )",
    "CREATE INDEX ix_children_parent_id ON children (parent_id)",
    "CREATE INDEX ix_children_parent_id_id ON children (parent_id, id)",
]


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
def test_table_builders_emit_the_same_schema_as_when_released(dialect: str) -> None:
    emitted = _emitted(dialect, _parent_and_child)

    expected = PARENT_AND_CHILD
    if dialect == "sqlite":
        expected = [s.replace("TIMESTAMP WITH TIME ZONE", "DATETIME") for s in expected]
    assert emitted == expected
