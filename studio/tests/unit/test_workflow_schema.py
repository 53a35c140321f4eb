"""The JSON Schema of workflow.yaml, generated from the reader's shape: well formed draft 2020-12,
and the files we read and write conform to it."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from flowloom.studio.domain.bindings import Binding, LiteralBinding
from flowloom.studio.domain.triggers import ActionTrigger
from flowloom.studio.domain.workflow import Retry, Workflow
from flowloom.studio.infrastructure.workflow_file.reader import read_workflow
from flowloom.studio.infrastructure.workflow_file.schema import WORKFLOW_FILE_SCHEMA
from flowloom.studio.infrastructure.workflow_file.writer import write_workflow

from .example import EXAMPLE
from .test_workflow_file_roundtrip import generated

VALIDATOR = Draft202012Validator(WORKFLOW_FILE_SCHEMA)


def errors(document: Any) -> list[tuple[str, str]]:
    """(JSON pointer of the offending value, failed keyword) for each error."""
    return [
        ("/" + "/".join(str(part) for part in error.absolute_path), str(error.validator))
        for error in VALIDATOR.iter_errors(document)
    ]


def refs_in(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        own = [schema["$ref"]] if "$ref" in schema else []
        return own + [r for value in schema.values() for r in refs_in(value)]
    if isinstance(schema, list):
        return [r for value in schema for r in refs_in(value)]
    return []


def json_safe(workflow: Workflow) -> Workflow:
    """The workflow without what JSON cannot hold (bytes) or a valid file cannot (0 attempts)."""

    def inputs(bindings: Mapping[str, Binding]) -> dict[str, Binding]:
        return {
            name: LiteralBinding("b")
            if isinstance(b, LiteralBinding) and isinstance(b.value, bytes)
            else b
            for name, b in bindings.items()
        }

    def retry(value: Retry | None) -> Retry | None:
        return Retry(max(value.attempts, 1), value.backoff_seconds) if value else None

    trigger = workflow.trigger
    if isinstance(trigger, ActionTrigger):
        trigger = dataclasses.replace(trigger, inputs=inputs(trigger.inputs))
    steps = tuple(
        dataclasses.replace(s, inputs=inputs(s.inputs), retry=retry(s.retry))
        for s in workflow.steps
    )
    return dataclasses.replace(workflow, trigger=trigger, steps=steps)


def test_the_schema_is_draft_2020_12_json_with_resolvable_references() -> None:
    assert WORKFLOW_FILE_SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert WORKFLOW_FILE_SCHEMA["$id"] == "https://flowloom.dev/schemas/workflow-v1.json"
    assert WORKFLOW_FILE_SCHEMA["title"] == "Flowloom workflow file (workflow.yaml)"
    json.dumps(WORKFLOW_FILE_SCHEMA)
    Draft202012Validator.check_schema(WORKFLOW_FILE_SCHEMA)
    for ref in refs_in(WORKFLOW_FILE_SCHEMA):
        assert ref.startswith("#/$defs/")
        assert ref.removeprefix("#/$defs/") in WORKFLOW_FILE_SCHEMA["$defs"]


def test_the_architecture_example_conforms() -> None:
    assert errors(yaml.safe_load(EXAMPLE)) == []


@pytest.mark.parametrize("seed", range(40))
def test_every_exported_file_conforms(seed: int) -> None:
    workflow = json_safe(generated(seed))
    document = yaml.safe_load(write_workflow(workflow))
    assert errors(document) == []


def test_exporting_the_example_conforms() -> None:
    workflow = read_workflow(EXAMPLE, workflow_id="w1", project="p1")
    assert errors(yaml.safe_load(write_workflow(workflow))) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("name"), ("/", "required")),
        (lambda d: d.update(apiVersion="v2"), ("/apiVersion", "const")),
        (
            lambda d: d["steps"][0]["inputs"].update(instring={"sekret": "x"}),
            ("/steps/0/inputs/instring", "oneOf"),
        ),
        (
            lambda d: d["steps"][1].update(retry={"attempts": 0}),
            ("/steps/1/retry/attempts", "minimum"),
        ),
        (
            lambda d: d["trigger"].update(cron={"schedule": "@daily"}),
            ("/trigger", "oneOf"),
        ),
        (lambda d: d["steps"][0].update(colour="red"), ("/steps/0", "additionalProperties")),
    ],
)
def test_the_schema_rejects_bad_documents(change: Any, expected: tuple[str, str]) -> None:
    document = yaml.safe_load(EXAMPLE)
    change(document)
    assert expected in errors(document)
