"""Constraint violations of the runner database as the domain's `Conflict`."""

from __future__ import annotations

from flowloom.runner.domain.errors import Conflict
from flowloom.servicekit.database.conflicts import ConflictTranslator

CONFLICTS = ConflictTranslator(
    rules=(
        (
            "pk_deployments",
            "deployments.workflow_id",
            "a deployment of this workflow already exists",
        ),
        (
            "uq_deployments_webhook_key",
            "deployments.webhook_key",
            "this webhook key is already used",
        ),
        (
            "pk_workflow_versions",
            "workflow_versions.workflow_version_id",
            "this workflow version is already stored",
        ),
        ("pk_runs", "runs.id", "a run with this id already exists"),
        ("pk_executions", "executions.id", "an execution with this id already exists"),
        ("pk_log_lines", "log_lines.execution_id", "this log line number is already taken"),
    ),
    foreign_key_message="the run of this execution does not exist",
    error=Conflict,
)
conflicts_translated = CONFLICTS.translated
