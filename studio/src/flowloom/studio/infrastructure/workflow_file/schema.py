"""The JSON Schema (draft 2020-12) of ``workflow.yaml``, generated from its shape (``shape.py``).

Served at ``GET /workflow-schema`` for editors and docs; the reader validates with the same
shape, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from flowloom.studio.infrastructure.workflow_file.shape import WORKFLOW_FILE


class _WithoutFieldTitles(GenerateJsonSchema):
    """Draft 2020-12 without the titles pydantic derives from field names ("Api Version")."""

    def field_title_should_be_set(self, schema: object) -> bool:
        return False


def _workflow_file_schema() -> dict[str, Any]:
    generated = WORKFLOW_FILE.json_schema(schema_generator=_WithoutFieldTitles)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://flowloom.dev/schemas/workflow-v1.json",
        **generated,
    }


WORKFLOW_FILE_SCHEMA: dict[str, Any] = _workflow_file_schema()
