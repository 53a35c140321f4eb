"""Constraint violations of the studio database as the domain's `Conflict`."""

from __future__ import annotations

from flowloom.servicekit.database.conflicts import ConflictTranslator, primary_key_rule, unique_rule
from flowloom.studio.domain.errors import Conflict
from flowloom.studio.infrastructure.database import tables

CONFLICTS = ConflictTranslator(
    rules=(
        primary_key_rule(tables.workflows, "a workflow with this id already exists"),
        unique_rule(
            tables.workflow_versions,
            "workflow_id",
            "number",
            message="this version number was taken by a concurrent deploy: deploy again",
        ),
        primary_key_rule(
            tables.workflow_versions, "this version was taken by a concurrent deploy: deploy again"
        ),
        primary_key_rule(tables.deployments, "the workflow was deployed concurrently"),
        primary_key_rule(tables.variables, "the variable was created concurrently"),
        primary_key_rule(tables.secrets, "the secret was created concurrently"),
        primary_key_rule(tables.actions, "this action version was stored concurrently"),
        primary_key_rule(tables.workflow_files, "this file key is already used"),
    ),
    foreign_key_message="the workflow was deleted meanwhile",
    error=Conflict,
)
conflicts_translated = CONFLICTS.translated
