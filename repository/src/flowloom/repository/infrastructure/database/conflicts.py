"""Constraint violations of the repository database as the domain's `Conflict`."""

from __future__ import annotations

from flowloom.repository.domain.errors import Conflict
from flowloom.repository.infrastructure.database import tables
from flowloom.servicekit.database.conflicts import ConflictTranslator, primary_key_rule, unique_rule


def _conflict(message: str) -> Conflict:
    return Conflict(message, field="body.name" if "name" in message else None)


CONFLICTS = ConflictTranslator(
    rules=(
        unique_rule(
            tables.sources,
            "project_id",
            "name",
            message="a source with this name already exists in the project",
        ),
        unique_rule(
            tables.actions, "source_id", "path", message="this action path is already recorded"
        ),
        primary_key_rule(tables.builds, "a build with this id already exists"),
    ),
    foreign_key_message="the referenced object does not exist",
    error=_conflict,
)
conflicts_translated = CONFLICTS.translated
