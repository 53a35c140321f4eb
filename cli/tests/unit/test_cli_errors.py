"""Problem details and transport failures as one line."""

from __future__ import annotations

import json

import httpx
import pytest

from flowloom.cli.errors import problem_line, unreachable


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_renders_title_and_detail() -> None:
    content = body(type="about:blank", title="Not Found", status=404, detail="run not found")
    assert problem_line(404, content) == "Not Found: run not found"


def test_adds_field_errors_the_detail_does_not_already_name() -> None:
    content = body(
        title="Unprocessable Entity",
        status=422,
        detail="workflow.yaml is not valid",
        errors=[{"file": "workflow.yaml", "line": 3, "field": "steps[0].id", "message": "missing"}],
    )
    line = problem_line(422, content)
    assert line == (
        "Unprocessable Entity: workflow.yaml is not valid (workflow.yaml:3:steps[0].id: missing)"
    )


@pytest.mark.parametrize(
    ("title", "detail", "error", "line"),
    [
        (
            "Unprocessable Entity",
            "Invalid input: body.name: too short",
            {"field": "body.name", "message": "too short"},
            "Unprocessable Entity: Invalid input: body.name: too short",
        ),
        (  # a run input error
            "Invalid run inputs",
            "input 'letter' is required",
            {"field": "inputs.letter", "message": "input 'letter' is required"},
            "Invalid run inputs: input 'letter' is required",
        ),
        (  # a workflow file error
            "Unreadable workflow file",
            "workflow.yaml:3: steps[0].id: missing",
            {"file": "workflow.yaml", "line": 3, "field": "steps[0].id", "message": "missing"},
            "Unreadable workflow file: workflow.yaml:3: steps[0].id: missing",
        ),
    ],
)
def test_does_not_repeat_a_field_error_already_in_the_detail(
    title: str, detail: str, error: dict[str, object], line: str
) -> None:
    content = body(title=title, detail=detail, errors=[error])
    assert problem_line(422, content) == line


def test_keeps_a_multiline_detail_on_one_line() -> None:
    content = body(title="Conflict", detail="first\nsecond")
    assert problem_line(409, content) == "Conflict: first second"


def test_falls_back_to_the_status_for_a_body_that_is_not_a_problem() -> None:
    assert problem_line(502, b"") == "Bad Gateway (502)"
    assert (
        problem_line(500, b"<html>oops</html>") == "Internal Server Error (500): <html>oops</html>"
    )


def test_names_the_server_that_refused_the_connection() -> None:
    error = httpx.ConnectError("[Errno 111] Connection refused")
    message = unreachable("http://127.0.0.1:9", error)
    assert message == "cannot reach the Flowloom server at http://127.0.0.1:9: connection refused"


def test_says_timed_out_for_a_timeout() -> None:
    assert unreachable("http://h", httpx.ReadTimeout("slow")).endswith(": timed out")
