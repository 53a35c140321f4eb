"""The JSON Schema (draft 2020-12) of ``workflow.yaml``, as Python data (for editors and docs).

The schema describes the file's shape; what depends on the project (known actions, input types,
upstream steps) is checked by ``validate``. YAML-only values (``!!binary`` bytes) are outside
JSON and are not described.
"""

from __future__ import annotations

from typing import Any

from flowloom.studio.domain.io import IoType
from flowloom.studio.infrastructure.workflow_file.reader import API_VERSION, KIND

_NAME = {"type": "string", "minLength": 1}
_IO_TYPES = [t.value for t in IoType] + ["table"]


def _one_key(key: str, description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": {key: _NAME},
        "required": [key],
        "additionalProperties": False,
    }


_REF_TEXT = {
    "type": "string",
    "pattern": r"^[^.]+\..+$",
    "description": '"node.output": node is "trigger" or a step id',
}

WORKFLOW_FILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://flowloom.dev/schemas/workflow-v1.json",
    "title": "Flowloom workflow file (workflow.yaml)",
    "type": "object",
    "required": ["apiVersion", "kind", "name"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": API_VERSION},
        "kind": {"const": KIND},
        "name": _NAME,
        "description": {"type": ["string", "null"]},
        "trigger": {"$ref": "#/$defs/trigger"},
        "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
        "results": {
            "type": "object",
            "additionalProperties": {
                "oneOf": [
                    {"$ref": "#/$defs/refText"},
                    {
                        "type": "object",
                        "properties": {"ref": {"$ref": "#/$defs/refText"}},
                        "required": ["ref"],
                        "additionalProperties": False,
                    },
                ]
            },
        },
    },
    "$defs": {
        "refText": _REF_TEXT,
        "output": {
            "type": "object",
            "required": ["name", "type"],
            "additionalProperties": False,
            "properties": {
                "name": _NAME,
                "type": {"enum": _IO_TYPES},
                "optional": {"type": "boolean"},
                "enum_values": {"type": "array", "items": _NAME},
            },
        },
        "outputs": {"type": "array", "items": {"$ref": "#/$defs/output"}},
        "trigger": {
            "oneOf": [
                {
                    "type": "object",
                    "description": "a Source action",
                    "required": ["action"],
                    "additionalProperties": False,
                    "properties": {
                        "action": _NAME,
                        "version": _NAME,
                        "inputs": {"$ref": "#/$defs/inputs"},
                        "outputs": {"$ref": "#/$defs/outputs"},
                    },
                },
                {
                    "type": "object",
                    "description": "runs started by hand, a form or the webhook",
                    "required": ["manual"],
                    "additionalProperties": False,
                    "properties": {
                        "manual": {
                            "type": ["object", "null"],
                            "additionalProperties": False,
                            "properties": {"outputs": {"$ref": "#/$defs/outputs"}},
                        }
                    },
                },
                {
                    "type": "object",
                    "description": "a five-field cron schedule; output `time` always provided",
                    "required": ["cron"],
                    "additionalProperties": False,
                    "properties": {
                        "cron": {
                            "type": "object",
                            "required": ["schedule"],
                            "additionalProperties": False,
                            "properties": {
                                "schedule": _NAME,
                                "timezone": _NAME,
                                "outputs": {"$ref": "#/$defs/outputs"},
                            },
                        }
                    },
                },
            ]
        },
        "binding": {
            "oneOf": [
                {"type": ["string", "integer", "number", "boolean", "null"]},
                {
                    "type": "object",
                    "properties": {"ref": {"$ref": "#/$defs/refText"}},
                    "required": ["ref"],
                    "additionalProperties": False,
                },
                _one_key("secret", "a project secret (password inputs only)"),
                _one_key("variable", "a project variable"),
                _one_key("file", "a static file, relative to workflow.yaml"),
            ]
        },
        "inputs": {"type": "object", "additionalProperties": {"$ref": "#/$defs/binding"}},
        "step": {
            "type": "object",
            "required": ["id", "action"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$"},
                "action": _NAME,
                "version": _NAME,
                "needs": {"type": "array", "items": _NAME},
                "when": {"type": "string", "description": "a CEL condition"},
                "retry": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "attempts": {"type": "integer", "minimum": 1},
                        "backoff_seconds": {"type": "number", "minimum": 0},
                    },
                },
                "timeout": {"type": "number", "exclusiveMinimum": 0},
                "inputs": {"$ref": "#/$defs/inputs"},
            },
        },
    },
}
