"""Constraint violations of the repository database as the domain's `Conflict`."""

from __future__ import annotations

from flowloom.repository.domain.errors import Conflict
from flowloom.servicekit.database.conflicts import ConflictTranslator


def _conflict(message: str) -> Conflict:
    return Conflict(message, field="body.name" if "name" in message else None)


CONFLICTS = ConflictTranslator(
    rules=(
        (
            "uq_sources_project_id_name",
            "sources.project_id",
            "a source with this name already exists in the project",
        ),
        ("uq_actions_source_id_path", "actions.source_id", "this action path is already recorded"),
        ("pk_builds", "builds.id", "a build with this id already exists"),
    ),
    foreign_key_message="the referenced object does not exist",
    error=_conflict,
)
conflicts_translated = CONFLICTS.translated
