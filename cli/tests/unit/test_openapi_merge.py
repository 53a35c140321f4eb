"""tools/openapi.py: how the services' documents become one."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from flowloom.servicekit.web.answers import FIELD_ERROR_SCHEMA, PROBLEM_CONTENT, PROBLEM_SCHEMA

TOOL = Path(__file__).resolve().parents[3] / "tools" / "openapi.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("openapi_tool", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def document(prefix: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A service's document as servicekit makes it: errors are `Problem`s."""
    ref = {"$ref": "#/components/schemas/Item"}
    return {
        "info": {"description": prefix},
        "paths": {
            f"/api/{prefix}/items": {
                "get": {
                    "operationId": f"list_items_api_{prefix.replace('-', '_')}_items_get",
                    "tags": ["items"],
                    "responses": {
                        "200": {"content": {"application/json": {"schema": ref}}},
                        "422": {"description": "Invalid input", "content": PROBLEM_CONTENT},
                    },
                }
            }
        },
        "components": {
            "schemas": {"Item": schema, "Problem": PROBLEM_SCHEMA, "FieldError": FIELD_ERROR_SCHEMA}
        },
    }


def test_prefixes_schemas_two_services_define_differently(tool: ModuleType) -> None:
    merged = tool.merge(
        {
            "runner": document("runner", {"type": "object", "properties": {"a": {}}}),
            "studio": document("studio", {"type": "object", "properties": {"b": {}}}),
        }
    )
    schemas = merged["components"]["schemas"]
    assert {"RunnerItem", "StudioItem", "Problem", "FieldError"} <= set(schemas)
    assert "Item" not in schemas
    studio = merged["paths"]["/api/studio/items"]["get"]
    content = studio["responses"]["200"]["content"]["application/json"]
    assert content["schema"] == {"$ref": "#/components/schemas/StudioItem"}


def test_names_operations_by_service_and_function(tool: ModuleType) -> None:
    same = {"type": "object"}
    merged = tool.merge(
        {"action-builder": document("action-builder", same), "runner": document("runner", same)}
    )
    operation = merged["paths"]["/api/action-builder/items"]["get"]
    assert operation["operationId"] == "action_builder_list_items"
    assert operation["tags"] == ["action-builder-items"]
    assert "Item" in merged["components"]["schemas"]
    problem = operation["responses"]["422"]["content"]["application/problem+json"]
    assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_refuses_a_path_two_services_serve(tool: ModuleType) -> None:
    twice = document("runner", {"type": "object"})
    with pytest.raises(SystemExit, match="already served"):
        tool.merge({"runner": twice, "studio": twice})


def test_gives_binary_media_without_schema_a_binary_string(tool: ModuleType) -> None:
    operation: dict[str, Any] = {
        "requestBody": {"content": {"application/zip": {}}},
        "responses": {"200": {"content": {"text/plain": {}, "image/png": {}}}},
    }
    tool._typed_media(operation)
    assert operation["requestBody"]["content"]["application/zip"]["schema"] == {
        "type": "string",
        "format": "binary",
    }
    assert operation["responses"]["200"]["content"]["text/plain"]["schema"] == {"type": "string"}
