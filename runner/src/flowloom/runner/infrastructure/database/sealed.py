"""The columns holding values sealed with the values key (re-sealed on rotation)."""

from __future__ import annotations

from flowloom.runner.infrastructure.database.tables import (
    executions,
    project_secrets,
    runs,
    workflow_versions,
)
from flowloom.servicekit.database.reseal import SealedColumn

# JSON columns carry a sealed value as {"sealed": <token>} (values_codec, version_document).
SEALED_COLUMNS = (
    SealedColumn(project_secrets, "sealed_value"),
    SealedColumn(workflow_versions, "definition", "json"),
    SealedColumn(runs, "trigger_outputs", "json"),
    SealedColumn(runs, "results", "json"),
    SealedColumn(executions, "inputs", "json"),
    SealedColumn(executions, "outputs", "json"),
)
