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
        f"({file}:2:steps: not a list)\n"
    )


def test_a_workflow_file_error_names_the_file_the_user_gave(
    cli: CLI, server: FakeServer, logged_in: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    errors = [{"file": "workflow.yaml", "line": 3, "field": "steps[0].id", "message": "missing"}]
    detail = "workflow.yaml:3: steps[0].id: missing"
    server.on(
        "POST",
        "/api/studio/workflows/import",
        lambda _: problem(422, "Unreadable workflow file", detail, errors=errors),
    )
    monkeypatch.chdir(tmp_path)
    Path("greet.yaml").write_text("steps: [{action: x}]\n")
    result = cli("workflows", "import", "greet.yaml")
    assert result.stderr == (
        "flowloom: error: Unreadable workflow file: greet.yaml:3: steps[0].id: missing\n"
    )
    zipped = [{"file": "workflow.zip", "line": None, "field": "", "message": "is not a zip"}]
    server.on(
        "POST",
        "/api/studio/workflows/import",
        lambda _: problem(
            422, "Unreadable workflow file", "workflow.zip: is not a zip", errors=zipped
        ),
    )
    Path("greet.zip").write_bytes(b"PK\x03\x04 truncated")
    result = cli("workflows", "import", "greet.zip")
    assert result.stderr == "flowloom: error: Unreadable workflow file: greet.zip: is not a zip\n"


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


def test_show_says_a_deploy_is_needed_when_the_workflow_changed_since(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    studio(server)
    behind = {**deployment("Deployed"), "changed_since": True}
    server.on("GET", "/api/studio/workflows/w1", workflow(deployment=behind))
    result = cli("workflows", "show", "adder")
    assert result.exit_code == 0, result.stderr
    assert "Deployed (version 2); changed since" in result.stdout
    assert "deploy to apply" in result.stdout


def test_show_lists_the_next_fire_times_of_a_cron_trigger(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    studio(server)
    cron = {"kind": "cron", "schedule": "0 0 L * *", "timezone": "Europe/Paris", "inputs": {},
            "outputs": []}  # fmt: skip
    fires = ["2026-12-31T00:00:00+01:00", "2027-01-31T00:00:00+01:00"]
    server.on("GET", "/api/studio/workflows/w1", workflow(trigger=cron, next_fire_times=fires))
    result = cli("workflows", "show", "adder")
    assert result.exit_code == 0, result.stderr
    assert "next fire times" in result.stdout
    assert "2026-12-31T00:00:00+01:00" in result.stdout
    assert "2027-01-31T00:00:00+01:00" in result.stdout


def runner_deployment(state: str, trigger: dict[str, str] | None) -> dict[str, Any]:
    return {
        "workflow_id": "w1",
        "workflow_version_id": "v2",
        "name": "adder",
        "number": 2,
        "state": state,
        "message": "",
        "webhook_path": "/api/runner/hooks/w1/key",
        "updated_at": NOW,
        "trigger": trigger,
    }


def log_line(number: int, line: str) -> dict[str, Any]:
    return {"number": number, "stream": "stdout", "line": line, "timestamp": NOW}


def test_logs_prints_every_page_of_the_trigger_log(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    studio(server)

    def pages(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("after") is None:
            return httpx.Response(
                200, json={"items": [log_line(1, "firing once")], "next_cursor": "1"}
            )
        assert request.url.params["after"] == "1"
        return httpx.Response(
            200, json={"items": [log_line(2, "done firing")], "next_cursor": None}
        )

    server.on("GET", "/api/runner/deployments/w1/logs", pages)
    result = cli("workflows", "logs", "adder")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "firing once\ndone firing\n"
    as_json = cli("workflows", "logs", "adder", "--json")
    assert [json.loads(line)["line"] for line in as_json.stdout.splitlines()] == [
        "firing once",
        "done firing",
    ]


def test_logs_follow_ends_when_the_trigger_has_finished(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    studio(server)
    server.on("GET", "/api/runner/deployments/w1/logs", {"items": [], "next_cursor": None})
    finished = runner_deployment("Deployed", {"state": "finished", "message": ""})
    server.on("GET", "/api/runner/deployments/w1", finished)
    result = cli("workflows", "logs", "adder", "--follow")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""


def test_show_says_the_trigger_failed_with_its_message(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    studio(server)
    server.on("GET", "/api/studio/workflows/w1", workflow(deployment=deployment("Error")))
    failed = {"state": "failed", "message": "ConnectionError: feed lost"}
    server.on("GET", "/api/runner/deployments/w1", runner_deployment("Error", failed))
    result = cli("workflows", "show", "adder")
    assert result.exit_code == 0, result.stderr
    assert "trigger state: failed: ConnectionError: feed lost" in result.stdout
