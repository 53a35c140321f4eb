"""Bad workflow files: every mistake located by line and field path, nothing else raised."""

from __future__ import annotations

import pytest

from flowloom.studio.infrastructure.workflow_file.errors import WorkflowFileError
from flowloom.studio.infrastructure.workflow_file.reader import read_workflow

from .example import EXAMPLE

FORMS = (
    "a literal value or one of {ref: step.output}, {secret: name}, {variable: name}, {file: path}"
)
HEAD = "apiVersion: flowloom.dev/v1\nkind: Workflow\nname: w\n"


def errors_of(text: str | bytes) -> list[str]:
    with pytest.raises(WorkflowFileError) as failed:
        read_workflow(text, workflow_id="w1", project="p1")
    return [str(problem) for problem in failed.value.problems]


def step_file(*lines: str) -> str:
    """A file whose first step holds ``lines``; the first of them is at line 7."""
    body = "".join(f"    {line}\n" for line in lines)
    return HEAD + "steps:\n  - id: a\n    action: catfile\n" + body


BAD_FILES = [
    # (kind of mistake, text, expected problems)
    (
        "yaml syntax",
        HEAD + "steps: [\n  - id: a\n",
        ["workflow.yaml:5: not valid YAML: expected the node content, but found '-'"],
    ),
    ("not a mapping", "- a\n- b\n", ["workflow.yaml:1: must be a mapping of fields, not a list"]),
    (
        "api version",
        "apiVersion: v2\nkind: Workflow\nname: w\n",
        ["workflow.yaml:1: apiVersion: must be 'flowloom.dev/v1', not 'v2'"],
    ),
    (
        "missing name",
        "apiVersion: flowloom.dev/v1\nkind: Workflow\n",
        ["workflow.yaml:1: name: is required"],
    ),
    (
        "unknown field",
        HEAD + "trigers: {}\n",
        [
            "workflow.yaml:4: trigers: unknown field (allowed: apiVersion, kind, name, "
            "description, trigger, steps, results)"
        ],
    ),
    (
        "two trigger forms",
        HEAD + "trigger:\n  action: x\n  cron: {schedule: '* * * * *'}\n",
        ["workflow.yaml:5: trigger: must have exactly one of action, manual or cron"],
    ),
    (
        "step without id",
        HEAD + "steps:\n  - action: catfile\n",
        ["workflow.yaml:5: steps[0].id: is required"],
    ),
    (
        "reference form",
        HEAD + "steps:\n  - id: a\n    action: x\n  - id: b\n    action: catfile\n"
        "    inputs:\n      file: {ref: writer}\n",
        [
            "workflow.yaml:10: steps[1].inputs.file.ref: a reference must look like "
            "\"step.output\", not 'writer'"
        ],
    ),
    (
        "unquoted version",
        step_file("version: 1.3"),
        ["workflow.yaml:7: steps[0].version: must be text, not '1.3' (write \"1.3\" in quotes)"],
    ),
    (
        "list value",
        step_file("inputs:", "  file: [a, b]"),
        ["workflow.yaml:8: steps[0].inputs.file: a list is not a value: use " + FORMS],
    ),
    (
        "unknown binding",
        step_file("inputs:", "  file: {sekret: x}"),
        ["workflow.yaml:8: steps[0].inputs.file: must be " + FORMS],
    ),
    (
        "path traversal",
        step_file("inputs:", "  file: {file: ../../etc/passwd}"),
        [
            "workflow.yaml:8: steps[0].inputs.file.file: '../../etc/passwd' leaves the workflow's "
            "folder ('..' is not allowed)"
        ],
    ),
    (
        "absolute path",
        step_file("inputs:", "  file: {file: /etc/passwd}"),
        [
            "workflow.yaml:8: steps[0].inputs.file.file: '/etc/passwd' must be a relative path "
            "with '/' separators"
        ],
    ),
    (
        "duplicate key",
        step_file("inputs:", "  file: a", "  file: b"),
        ["workflow.yaml:9: steps[0].inputs.file: is given more than once"],
    ),
    (
        "date literal",
        step_file("inputs:", "  day: 2024-01-31"),
        [
            'workflow.yaml:8: steps[0].inputs.day: is read as a date: write "2024-01-31" in '
            "quotes for text"
        ],
    ),
    (
        "retry attempts",
        step_file("retry: {attempts: three}"),
        ["workflow.yaml:7: steps[0].retry.attempts: must be an integer, not 'three'"],
    ),
    (
        "timeout",
        step_file("timeout: soon"),
        ["workflow.yaml:7: steps[0].timeout: must be a number, not 'soon'"],
    ),
    (
        "needs",
        step_file("needs: writer"),
        ["workflow.yaml:7: steps[0].needs: must be a list, not 'writer'"],
    ),
    (
        "steps not a list",
        HEAD + "steps: {a: 1}\n",
        ["workflow.yaml:4: steps: must be a list, not a mapping"],
    ),
    (
        "output type",
        HEAD + "trigger:\n  manual:\n    outputs:\n      - {name: x, type: txt}\n",
        [
            "workflow.yaml:7: trigger.manual.outputs[0].type: unknown type 'txt' (one of string, "
            "longstring, password, integer, float, boolean, enum, file, directory, bytes)"
        ],
    ),
    (
        "cron without schedule",
        HEAD + "trigger:\n  cron: {timezone: UTC}\n",
        ["workflow.yaml:5: trigger.cron.schedule: is required"],
    ),
    (
        "result reference",
        HEAD + "results:\n  out: reader\n",
        ["workflow.yaml:5: results.out: a reference must look like \"step.output\", not 'reader'"],
    ),
    (
        "name read as a boolean",
        step_file("inputs:", "  on: 1"),
        [
            "workflow.yaml:8: steps[0].inputs: field names must be text, not 'on' (write \"on\" in "
            "quotes)"
        ],
    ),
    ("empty file", "", ["workflow.yaml: the file is empty"]),
    ("not utf-8", b"name: \xff\xfe\n", ["workflow.yaml: is not UTF-8 text (byte 6)"]),
]


@pytest.mark.parametrize(
    ("kind", "text", "expected"), BAD_FILES, ids=[case[0] for case in BAD_FILES]
)
def test_bad_files_are_reported_with_line_and_path(
    kind: str, text: str, expected: list[str]
) -> None:
    assert errors_of(text) == expected


def test_every_mistake_of_a_file_is_reported_in_order() -> None:
    text = (
        HEAD + "steps:\n  - id: a\n    action: x\n    version: 2\n    timeout: x\n  - action: y\n"
    )
    assert errors_of(text) == [
        "workflow.yaml:7: steps[0].version: must be text, not '2' (write \"2\" in quotes)",
        "workflow.yaml:8: steps[0].timeout: must be a number, not 'x'",
        "workflow.yaml:9: steps[1].id: is required",
    ]


def test_no_truncated_or_damaged_file_raises_anything_else() -> None:
    lines = EXAMPLE.splitlines(keepends=True)
    damaged = [EXAMPLE[:cut] for cut in range(0, len(EXAMPLE), 9)]
    damaged += ["".join(lines[:i] + lines[i + 1 :]) for i in range(len(lines))]
    damaged += [EXAMPLE.replace(": ", ":", 1 + i) for i in range(0, 30, 3)]
    damaged += ["{", "[1, 2", "!!python/object:os.system {}", "a: &x [*x]", "? [a]\n: b\n", "123"]
    refused = 0
    for text in damaged:
        try:
            read_workflow(text, workflow_id="w1", project="p1")
        except WorkflowFileError as error:
            refused += bool(error.problems)
    assert refused > len(damaged) // 2
