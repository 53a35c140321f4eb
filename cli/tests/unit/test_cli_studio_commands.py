"""Workflow, variable and secret commands against a fake studio."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from ..conftest import FakeServer, Result, problem

CLI = Callable[..., Result]
NOW = "2026-01-01T00:00:00Z"


def workflow(**changes: Any) -> dict[str, Any]:
    return {
        "id": "w1",
        "name": "adder",
        "description": "",
        "deployment": None,
        "created_at": NOW,
        "updated_at": NOW,
        "trigger": None,
        "steps": [],
        "results": {},
        "problems": [],
        **changes,
    }


def deployment(state: str) -> dict[str, Any]:
    return {
        "state": state,
        "version_number": 2,
        "version_id": "v2",
        "message": "",
        "updated_at": NOW,
    }


def studio(server: FakeServer) -> None:
    server.on("GET", "/api/studio/workflows", {"items": [workflow()], "next_cursor": None})


def test_import_sends_the_file_and_shows_its_problems(
    cli: CLI, server: FakeServer, logged_in: Path, tmp_path: Path
) -> None:
    problems = [{"code": "missing_trigger", "step": None, "input": None, "message": "add one"}]
    server.on(
        "POST",
        "/api/studio/workflows/import",
        lambda _: httpx.Response(201, json=workflow(problems=problems)),
    )
    file = tmp_path / "workflow.yaml"
    file.write_text("name: adder\n")
    result = cli("workflows", "import", str(file), "--name", "adder")
    assert result.exit_code == 0, result.stderr
    request = server.last("POST", "/api/studio/workflows/import")
    assert request.content == b"name: adder\n"
    assert request.url.params["name"] == "adder"
    assert "missing_trigger" in result.stdout


def test_import_of_a_missing_file_fails_in_one_line(cli: CLI, logged_in: Path) -> None:
    result = cli("workflows", "import", "/no/such/workflow.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "flowloom: error: cannot read /no/such/workflow.yaml: No such file or directory\n"
    )


def test_an_unreadable_workflow_file_shows_its_line_errors(
    cli: CLI, server: FakeServer, logged_in: Path, tmp_path: Path
) -> None:
    errors = [{"file": "workflow.yaml", "line": 2, "field": "steps", "message": "not a list"}]
    server.on(
        "POST",
        "/api/studio/workflows/import",
        lambda _: problem(422, "Unprocessable Entity", "workflow.yaml is invalid", errors=errors),
    )
    file = tmp_path / "workflow.yaml"
    file.write_text("steps: 1\n")
    result = cli("workflows", "import", str(file))
    assert result.exit_code == 1
    assert result.stderr == (
        "flowloom: error: Unprocessable Entity: workflow.yaml is invalid "
        "(workflow.yaml:2:steps: not a list)\n"
    )


def test_export_writes_the_zip(
    cli: CLI, server: FakeServer, logged_in: Path, tmp_path: Path
) -> None:
    studio(server)
    server.on(
        "GET",
        "/api/studio/workflows/w1/export",
        lambda _: httpx.Response(200, content=b"PK\x03\x04zip"),
    )
    target = tmp_path / "adder.zip"
    result = cli("workflows", "export", "adder", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == b"PK\x03\x04zip"
    assert server.last("GET", "/api/studio/workflows/w1/export").url.params["format"] == "zip"


def test_deploy_wait_follows_the_state_until_deployed(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    studio(server)
    server.on(
        "POST",
        "/api/studio/workflows/w1/deploy",
        lambda _: httpx.Response(202, json=deployment("Deploying")),
    )
    states = iter(["Deploying", "Deployed"])
    server.on(
        "GET",
        "/api/studio/workflows/w1/deployment",
        lambda _: httpx.Response(200, json=deployment(next(states))),
    )
    result = cli("workflows", "deploy", "adder", "--wait", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["state"] == "Deployed"


def test_deploy_wait_fails_when_the_runner_reports_an_error(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    studio(server)
    failed = {**deployment("Error"), "message": "action add-one is not built"}
    server.on(
        "POST",
        "/api/studio/workflows/w1/deploy",
        lambda _: httpx.Response(202, json=deployment("Deploying")),
    )
    server.on("GET", "/api/studio/workflows/w1/deployment", failed)
    result = cli("workflows", "deploy", "adder", "--wait")
    assert result.exit_code == 1
    assert result.stderr == "flowloom: error: adder is Error: action add-one is not built\n"


def test_errors_says_when_a_workflow_is_ready(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    studio(server)
    server.on("GET", "/api/studio/workflows/w1/problems", [])
    result = cli("workflows", "errors", "adder")
    assert result.exit_code == 0, result.stderr
    assert "no problem" in result.stdout


def test_variables_set_sends_a_typed_value(cli: CLI, server: FakeServer, logged_in: Path) -> None:
    server.on(
        "PUT",
        "/api/studio/variables/retries",
        lambda request: httpx.Response(
            200,
            json={
                **json.loads(request.content),
                "name": "retries",
                "created_at": NOW,
                "updated_at": NOW,
            },
        ),
    )
    result = cli("variables", "set", "retries", "3", "--type", "integer")
    assert result.exit_code == 0, result.stderr
    assert json.loads(server.last("PUT", "/api/studio/variables/retries").content) == {
        "type": "integer",
        "value": 3,
    }


def test_variables_set_refuses_a_value_of_another_type(cli: CLI, logged_in: Path) -> None:
    assert cli("variables", "set", "retries", "three", "--type", "integer").exit_code == 2


def test_secrets_set_reads_the_value_from_stdin(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    server.on(
        "PUT",
        "/api/studio/secrets/smtp",
        {"name": "smtp", "created_at": NOW, "updated_at": NOW},
    )
    result = cli("secrets", "set", "smtp", "--value-stdin", input="s3cret\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(server.last("PUT", "/api/studio/secrets/smtp").content) == {"value": "s3cret"}
    assert "s3cret" not in result.stdout
