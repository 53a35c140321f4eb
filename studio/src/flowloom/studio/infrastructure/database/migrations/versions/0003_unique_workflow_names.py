"""Workflow names are unique in a project: duplicates are renamed `<name>-2`, `-3`… (oldest
keeps its name), never dropped; then a unique index holds it.
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"

# The definition is the workflow's workflow.yaml; its name is the top-level `name:` line.
_NAME_LINE = re.compile(r"^name:.*$", re.MULTILINE)
_workflows = sa.table(
    "workflows",
    sa.column("id", sa.String),
    sa.column("project_id", sa.String),
    sa.column("name", sa.String),
    sa.column("definition", sa.Text),
    sa.column("created_at", sa.DateTime),
)


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_workflows).order_by(
            _workflows.c.project_id, _workflows.c.created_at, _workflows.c.id
        )
    ).all()
    taken = {(row.project_id, row.name) for row in rows}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if (row.project_id, row.name) not in seen:
            seen.add((row.project_id, row.name))
            continue
        name = _free_name(row.project_id, row.name, taken)
        taken.add((row.project_id, name))
        seen.add((row.project_id, name))
        # A JSON string is a YAML string: quoted, escaped.
        line = f"name: {json.dumps(name)}"
        definition = _NAME_LINE.sub(lambda _, line=line: line, row.definition, 1)
        connection.execute(
            sa.update(_workflows)
            .where(_workflows.c.id == row.id)
            .values(name=name, definition=definition)
        )
    op.create_index(
        "ux_workflows_project_id_name", "workflows", ["project_id", "name"], unique=True
    )


def _free_name(project: str, name: str, taken: set[tuple[str, str]]) -> str:
    """``<name>-<n>`` for the smallest n from 2 not taken, within the column's 255 characters."""
    number = 2
    while (project, _numbered(name, number)) in taken:
        number += 1
    return _numbered(name, number)


def _numbered(name: str, number: int) -> str:
    suffix = f"-{number}"
    return name[: 255 - len(suffix)] + suffix


def downgrade() -> None:
    op.drop_index("ux_workflows_project_id_name", table_name="workflows")
