"""Constraint violations of the runner database as the domain's `Conflict`."""

from __future__ import annotations

from flowloom.runner.domain.errors import Conflict
from flowloom.runner.infrastructure.database import tables
from flowloom.servicekit.database.conflicts import ConflictTranslator, primary_key_rule, unique_rule

CONFLICTS = ConflictTranslator(
    rules=(
        primary_key_rule(tables.deployments, "a deployment of this workflow already exists"),
        unique_rule(tables.deployments, "webhook_key", message="this webhook key is already used"),
        primary_key_rule(tables.workflow_versions, "this workflow version is already stored"),
        primary_key_rule(tables.runs, "a run with this id already exists"),
        primary_key_rule(tables.executions, "an execution with this id already exists"),
        primary_key_rule(tables.log_lines, "this log line number is already taken"),
    ),
    foreign_key_message="the run of this execution does not exist",
    error=Conflict,
)
conflicts_translated = CONFLICTS.translated
