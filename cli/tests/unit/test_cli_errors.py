"""Problem details and transport failures as one line."""

from __future__ import annotations

import json

import httpx

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


def test_does_not_repeat_field_errors_already_in_the_detail() -> None:
    content = body(
        title="Unprocessable Entity",
        detail="Invalid input: body.name: too short",
        errors=[{"field": "body.name", "message": "too short"}],
    )
    assert problem_line(422, content) == "Unprocessable Entity: Invalid input: body.name: too short"


def test_says_a_run_input_error_once() -> None:
    content = body(
        title="Invalid run inputs",
        detail="input 'letter' is required",
        errors=[{"field": "inputs.letter", "message": "input 'letter' is required"}],
    )
    assert problem_line(422, content) == "Invalid run inputs: input 'letter' is required"


def test_says_a_workflow_file_error_once() -> None:
    content = body(
        title="Unreadable workflow file",
        detail="workflow.yaml:3: steps[0].id: missing",
        errors=[{"file": "workflow.yaml", "line": 3, "field": "steps[0].id", "message": "missing"}],
    )
    assert problem_line(422, content) == (
        "Unreadable workflow file: workflow.yaml:3: steps[0].id: missing"
    )


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
