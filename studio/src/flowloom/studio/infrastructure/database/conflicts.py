"""Constraint violations of the studio database as the domain's `Conflict`."""

from __future__ import annotations

from flowloom.servicekit.database.conflicts import ConflictTranslator
from flowloom.studio.domain.errors import Conflict

CONFLICTS = ConflictTranslator(
    rules=(
        ("pk_workflows", "workflows.id", "a workflow with this id already exists"),
        (
            "uq_workflow_versions_workflow_id_number",
            "workflow_versions.workflow_id",
            "this version number was taken by a concurrent deploy: deploy again",
        ),
        (
            "pk_workflow_versions",
            "workflow_versions.id",
            "this version was taken by a concurrent deploy: deploy again",
        ),
        ("pk_deployments", "deployments.workflow_id", "the workflow was deployed concurrently"),
        ("pk_variables", "variables.project_id", "the variable was created concurrently"),
        ("pk_secrets", "secrets.project_id", "the secret was created concurrently"),
        ("pk_actions", "actions.project_id", "this action version was stored concurrently"),
        ("pk_workflow_files", "workflow_files.key", "this file key is already used"),
    ),
    foreign_key_message="the workflow was deleted meanwhile",
    error=Conflict,
)
conflicts_translated = CONFLICTS.translated
