"""Commands against a fake server: arguments, requests sent, output, errors and exit codes."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowloom.cli import session

from ..conftest import URL, FakeServer, Result, problem, tokens

CLI = Callable[..., Result]
NOW = "2026-01-01T00:00:00Z"
RUN = {
    "id": "r1",
    "workflow_id": "w1",
    "workflow_version_id": "v1",
    "trigger_source": "manual",
    "state": "Completed",
    "created_at": "2026-01-01T00:00:00Z",
    "ended_at": "2026-01-01T00:00:01Z",
    "error": None,
    "cancel_code": None,
    "trigger_outputs": {},
    "results": {"total": {"type": "integer", "value": 3, "secret": False}},
    "executions": [],
}
PROJECTS = {
    "items": [
        {"id": "p1", "name": "alpha", "created_at": "2026-01-01T00:00:00Z", "role": "owner"},
        {"id": "p2", "name": "beta", "created_at": "2026-01-01T00:00:00Z", "role": "viewer"},
    ],
    "next_cursor": None,
}


def deployments(server: FakeServer) -> None:
    """No studio here: workflow names come from the runner's deployments."""
    server.on(
        "GET",
        "/api/runner/deployments",
        [
            {
                "workflow_id": "w1",
                "workflow_version_id": "v1",
                "name": "adder",
                "number": 1,
                "state": "Deployed",
                "message": "",
                "webhook_path": "/api/runner/hooks/w1/k",
                "updated_at": "2026-01-01T00:00:00Z",
                "trigger": {"state": "running", "message": ""},
            }
        ],
    )


def run_started(server: FakeServer, **answer: str) -> None:
    """The deployed workflow `adder` (w1), whose start answers run r1 (and `answer`)."""
    deployments(server)
    server.on(
        "POST",
        "/api/runner/workflows/w1/runs",
        lambda _: httpx.Response(201, json={"run_id": "r1", **answer}),
    )


def execution(**changes: Any) -> dict[str, Any]:
    """A step's execution as the runner shows it: step `add`, first attempt, as `changes` say."""
    return {
        "id": "e1",
        "step_id": "add",
        "state": "Success",
        "attempt": 1,
        "inputs": {},
        "outputs": {},
        "message": None,
        "started_at": None,
        "ended_at": None,
        "next_attempt_at": None,
        "attempts": [],
        "artefact": None,
        **changes,
    }


def log_line(number: int, line: str, attempt: int = 1) -> dict[str, Any]:
    return {
        "number": number,
        "stream": "stdout",
        "line": line,
        "timestamp": NOW,
        "attempt": attempt,
    }


def test_login_stores_url_and_tokens_in_a_private_file(
    cli: CLI, server: FakeServer, config_path: Path
) -> None:
    server.on("POST", "/api/authorization/login", tokens())
    result = cli("login", URL + "/", "--username", "admin", "--password-stdin", input="pw\n")
    assert result.exit_code == 0, result.stderr
    sent = json.loads(server.last("POST", "/api/authorization/login").content)
    assert sent == {"username": "admin", "password": "pw"}
    saved = json.loads(config_path.read_text())
    assert saved["url"] == URL
    assert saved["access_token"] == "access-1"
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o600


def test_login_with_a_wrong_password_fails_in_one_line(
    cli: CLI, server: FakeServer, config_path: Path
) -> None:
    server.on(
        "POST",
        "/api/authorization/login",
        lambda _: problem(401, "Unauthorized", "wrong username or password"),
    )
    result = cli("login", URL, "--password-stdin", input="nope\n")
    assert result.exit_code == 1
    assert result.stderr == "flowloom: error: Unauthorized: wrong username or password\n"
    assert not config_path.exists()


def test_login_refuses_something_that_is_not_a_url(cli: CLI, config_path: Path) -> None:
    result = cli("login", "localhost:8080", "--password-stdin", input="pw\n")
    assert result.exit_code == 1
    assert "not an http(s) URL" in result.stderr


def test_commands_need_a_login_first(cli: CLI, config_path: Path) -> None:
    result = cli("projects", "list")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "not logged in" in result.stderr


def test_an_expired_access_token_is_refreshed_and_kept(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    saved = json.loads(logged_in.read_text())
    saved["access_expires_at"] = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    logged_in.write_text(json.dumps(saved))
    server.on("POST", "/api/authorization/tokens/refresh", tokens("p1", access="access-2"))
    server.on("GET", "/api/authorization/projects", PROJECTS)
    result = cli("projects", "list", "--json")
    assert result.exit_code == 0, result.stderr
    sent = json.loads(server.last("POST", "/api/authorization/tokens/refresh").content)
    assert sent == {"refresh_token": saved["refresh_token"]}
    listed = server.last("GET", "/api/authorization/projects")
    assert listed.headers["authorization"] == "Bearer access-2"
    assert json.loads(logged_in.read_text())["access_token"] == "access-2"


def test_projects_list_json_is_the_items(cli: CLI, server: FakeServer, logged_in: Path) -> None:
    server.on("GET", "/api/authorization/projects", PROJECTS)
    result = cli("projects", "list", "--json")
    assert [p["name"] for p in json.loads(result.stdout)] == ["alpha", "beta"]


def test_projects_use_switches_the_token_to_the_named_project(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    server.on("GET", "/api/authorization/projects", PROJECTS)
    server.on("POST", "/api/authorization/me/project", tokens("p2", access="access-p2"))
    result = cli("projects", "use", "beta")
    assert result.exit_code == 0, result.stderr
    sent = json.loads(server.last("POST", "/api/authorization/me/project").content)
    assert sent["project_id"] == "p2"
    saved = json.loads(logged_in.read_text())
    assert (saved["project_id"], saved["project_name"], saved["access_token"]) == (
        "p2",
        "beta",
        "access-p2",
    )


def test_an_unknown_project_name_fails_in_one_line(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    server.on("GET", "/api/authorization/projects", PROJECTS)
    result = cli("projects", "use", "gamma")
    assert result.exit_code == 1
    assert result.stderr == (
        "flowloom: error: no project named 'gamma': see `flowloom projects list`\n"
    )


def test_validation_errors_show_title_detail_and_fields(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    server.on(
        "POST",
        "/api/authorization/projects",
        lambda _: problem(
            422,
            "Unprocessable Entity",
            "the name is taken",
            errors=[{"field": "body.name", "message": "already used"}],
        ),
    )
    result = cli("projects", "create", "alpha")
    assert result.exit_code == 1
    assert result.stderr == (
        "flowloom: error: Unprocessable Entity: the name is taken (body.name: already used)\n"
    )


def test_repos_add_leaves_the_branch_to_the_repository_unless_given(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    source = {
        "id": "s1",
        "name": "mine",
        "url": "file:///srv/mine",
        "default_branch": None,
        "has_credentials": False,
        "created_at": NOW,
        "updated_at": NOW,
    }
    server.on("POST", "/api/repository/sources", lambda _: httpx.Response(201, json=source))
    assert cli("repos", "add", "mine", "file:///srv/mine").exit_code == 0
    assert "branch" not in json.loads(server.last("POST", "/api/repository/sources").content)
    assert cli("repos", "add", "mine", "file:///srv/mine", "--branch", "trunk").exit_code == 0
    sent = json.loads(server.last("POST", "/api/repository/sources").content)
    assert sent["branch"] == "trunk"


def test_runs_start_sends_typed_json_inputs(cli: CLI, server: FakeServer, logged_in: Path) -> None:
    run_started(server)
    result = cli("runs", "start", "adder", "-i", "a=1", "-i", "b=x", "-i", "c=[1, 2]")
    assert result.exit_code == 0, result.stderr
    assert "r1" in result.stdout
    body = json.loads(server.last("POST", "/api/runner/workflows/w1/runs").content)
    assert body == {"inputs": {"a": 1, "b": "x", "c": [1, 2]}}


def test_runs_start_with_files_sends_a_form(
    cli: CLI, server: FakeServer, logged_in: Path, tmp_path: Path
) -> None:
    run_started(server)
    data = tmp_path / "data.csv"
    data.write_text("a,b\n")
    result = cli("runs", "start", "adder", "--input", "n=2", "--file", f"table={data}")
    assert result.exit_code == 0, result.stderr
    request = server.last("POST", "/api/runner/workflows/w1/runs")
    content = request.content.decode()
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert 'name="n"\r\n\r\n2\r\n' in content
    assert 'name="table"; filename="data.csv"' in content
    assert "a,b\n" in content


def test_runs_start_zips_a_directory_given_as_a_file(
    cli: CLI, server: FakeServer, logged_in: Path, tmp_path: Path
) -> None:
    run_started(server)
    photos = tmp_path / "photos"
    (photos / "2026").mkdir(parents=True)
    (photos / "a.txt").write_text("a")
    (photos / "2026" / "b.txt").write_text("b")
    result = cli("runs", "start", "adder", "--file", f"album={photos}")
    assert result.exit_code == 0, result.stderr
    request = server.last("POST", "/api/runner/workflows/w1/runs")
    form = request.content
    assert b'name="album"; filename="photos.zip"' in form
    archive = form[form.index(b"PK\x03\x04") : form.rindex(b"PK\x05\x06") + 22]
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        assert sorted(zipped.namelist()) == ["2026/b.txt", "a.txt"]
        assert zipped.read("2026/b.txt") == b"b"


def test_runs_start_with_an_unreadable_file_fails_in_one_line(
    cli: CLI, server: FakeServer, logged_in: Path, tmp_path: Path
) -> None:
    result = cli("runs", "start", "adder", "--file", f"table={tmp_path / 'missing.csv'}")
    assert result.exit_code == 1
    assert result.stderr.startswith("flowloom: error: cannot read ")
    assert result.stderr.count("\n") == 1


def test_runs_start_refuses_an_input_without_a_value_as_a_usage_error(
    cli: CLI, logged_in: Path
) -> None:
    result = cli("runs", "start", "adder", "--input", "novalue")
    assert result.exit_code == 2


def test_runs_start_wait_fails_when_the_run_fails(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    run_started(server)
    server.on("GET", "/api/runner/runs/r1", {**RUN, "state": "Error", "error": "step add failed"})
    result = cli("runs", "start", "adder", "--wait")
    assert result.exit_code == 1
    assert result.stderr == "flowloom: error: run r1 ended Error: step add failed\n"


def test_runs_start_wait_lets_the_runner_answer_once_the_run_ended(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    run_started(server, state="Completed")
    server.on("GET", "/api/runner/runs/r1", RUN)
    result = cli("runs", "start", "adder", "--wait", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["state"] == "Completed"
    start = server.last("POST", "/api/runner/workflows/w1/runs")
    assert float(start.url.params["wait"]) > 0
    reads = [r for r in server.requests if r.url.path == "/api/runner/runs/r1"]
    assert len(reads) == 1  # the run as it ended, not polled


def test_runs_start_json_is_the_run_with_and_without_wait(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    run_started(server)
    server.on("GET", "/api/runner/runs/r1", {**RUN, "state": "Running", "ended_at": None})
    started = json.loads(cli("runs", "start", "adder", "--json").stdout)
    server.on("GET", "/api/runner/runs/r1", RUN)
    waited = json.loads(cli("runs", "start", "adder", "--wait", "--json").stdout)
    assert set(started) == set(waited)
    assert (started["id"], started["state"], waited["state"]) == ("r1", "Running", "Completed")


def test_runs_start_without_wait_does_not_ask_the_runner_to_wait(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    run_started(server)
    assert cli("runs", "start", "adder").exit_code == 0
    assert "wait" not in server.last("POST", "/api/runner/workflows/w1/runs").url.params


def test_an_unknown_workflow_name_fails_in_one_line(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    deployments(server)
    result = cli("runs", "start", "nope")
    assert result.exit_code == 1
    assert "no workflow named 'nope'" in result.stderr


def test_runs_show_json_parses(cli: CLI, server: FakeServer, logged_in: Path) -> None:
    server.on("GET", "/api/runner/runs/r1", RUN)
    result = cli("runs", "show", "r1", "--json")
    assert json.loads(result.stdout)["results"]["total"]["value"] == 3


def test_runs_show_of_an_unknown_run_is_a_404_line(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    server.on("GET", "/api/runner/runs/zz", lambda _: problem(404, "Not Found", "run not found"))
    result = cli("runs", "show", "zz")
    assert (result.exit_code, result.stderr) == (1, "flowloom: error: Not Found: run not found\n")


def test_runs_logs_prints_every_step_prefixed(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    server.on("GET", "/api/runner/runs/r1", {**RUN, "executions": [execution()]})
    line = log_line(1, "hello")
    pages = iter([{"items": [line], "next_cursor": "1"}, {"items": [], "next_cursor": None}])
    server.on(
        "GET",
        "/api/runner/runs/r1/executions/e1/logs",
        lambda _: httpx.Response(200, json=next(pages)),
    )
    result = cli("runs", "logs", "r1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "[add] hello\n"


TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/flowloom/action/ryax_handler.py", line 9, in handle\n'
    "ValueError: attempt 3 fails\n"
)


def failed_attempt(number: int, traceback: str = "") -> dict[str, Any]:
    return {
        "number": number,
        "state": "Error",
        "started_at": NOW,
        "ended_at": NOW,
        "error": f"ValueError: attempt {number} fails",
        "traceback": traceback,
    }


def failed_run() -> dict[str, Any]:
    attempts = [failed_attempt(1, "Traceback…"), failed_attempt(2), failed_attempt(3, TRACEBACK)]
    flaky = execution(
        step_id="flaky",
        state="Error",
        attempt=3,
        message="ValueError: attempt 3 fails",
        started_at=NOW,
        ended_at=NOW,
        attempts=attempts,
    )
    return {**RUN, "state": "Error", "results": {}, "executions": [flaky]}


def test_runs_show_prints_the_last_traceback_of_a_failed_step(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    deployments(server)
    server.on("GET", "/api/runner/runs/r1", failed_run())
    result = cli("runs", "show", "r1")
    assert result.exit_code == 0, result.stderr
    shown = result.stdout.split("step flaky failed after 3 attempts\n", 1)[1]
    assert shown == (
        "traceback of attempt 3:\n"
        "  Traceback (most recent call last):\n"
        '    File "/flowloom/action/ryax_handler.py", line 9, in handle\n'
        "  ValueError: attempt 3 fails\n"
    )


def test_runs_show_json_gives_every_attempt(cli: CLI, server: FakeServer, logged_in: Path) -> None:
    server.on("GET", "/api/runner/runs/r1", failed_run())
    result = cli("runs", "show", "r1", "--json")
    attempts = json.loads(result.stdout)["executions"][0]["attempts"]
    assert [(a["number"], a["traceback"]) for a in attempts] == [
        (1, "Traceback…"),
        (2, ""),
        (3, TRACEBACK),
    ]


def test_runs_logs_attempt_asks_for_that_attempt_and_labels_its_lines(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    server.on("GET", "/api/runner/runs/r1", failed_run())
    line = log_line(4, "second", attempt=2)
    server.on(
        "GET",
        "/api/runner/runs/r1/executions/e1/logs",
        {"items": [line], "next_cursor": None},
    )
    result = cli("runs", "logs", "r1", "--attempt", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "[flaky#2] second\n"
    assert server.last("GET", "/api/runner/runs/r1/executions/e1/logs").url.params["attempt"] == "2"


def test_a_server_that_is_down_is_named_in_one_line(
    cli: CLI, logged_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = json.loads(logged_in.read_text())
    saved["url"] = "http://127.0.0.1:9"
    logged_in.write_text(json.dumps(saved))
    monkeypatch.setattr(session, "transport", None)  # the real network: port 9 is closed
    result = cli("whoami")
    assert result.exit_code == 1
    assert result.stderr == (
        "flowloom: error: cannot reach the Flowloom server at http://127.0.0.1:9: "
        "connection refused\n"
    )


def test_api_keys_create_prints_the_secret_once(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    key = {
        "id": "k1",
        "prefix": "flk_ab",
        "name": "ci",
        "project_id": "p1",
        "created_at": "2026-01-01T00:00:00Z",
        "expires_at": None,
        "last_used_at": None,
        "revoked_at": None,
    }
    server.on(
        "POST",
        "/api/authorization/api-keys",
        lambda _: httpx.Response(201, json={"key": key, "api_key": "flk_ab_secret"}),
    )
    result = cli("api-keys", "create", "ci")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "flk_ab_secret"


@pytest.mark.parametrize(
    "args",
    [
        ["runs", "list", "--state", "Sleeping"],
        ["actions", "build"],
        ["projects", "add-member", "alpha", "bob", "--role", "king"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(
    cli: CLI, server: FakeServer, logged_in: Path, args: list[str]
) -> None:
    deployments(server)
    server.on("GET", "/api/authorization/projects", PROJECTS)
    assert cli(*args).exit_code == 2


def test_runs_results_downloads_files_into_the_folder(
    cli: CLI, server: FakeServer, logged_in: Path, tmp_path: Path
) -> None:
    report = {"key": "runs/r1/report.txt", "name": "report.txt", "size": 5, "directory": False}
    server.on("GET", "/api/runner/runs/r1", RUN)
    server.on(
        "GET",
        "/api/runner/runs/r1/results",
        {
            "total": {"type": "integer", "value": 3, "secret": False},
            "report": {"type": "file", "value": report, "secret": False},
        },
    )
    server.on(
        "GET",
        "/api/runner/runs/r1/files",
        lambda _: httpx.Response(307, headers={"location": "http://s3.test/bucket/report?sig=1"}),
    )
    server.on("GET", "/bucket/report", lambda _: httpx.Response(200, content=b"hello"))
    result = cli("runs", "results", "r1", "-o", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "report.txt").read_bytes() == b"hello"
    shown = json.loads(result.stdout)
    assert shown["total"]["value"] == 3
    assert shown["report"]["saved_as"] == str(tmp_path / "out" / "report.txt")
    assert server.last("GET", "/api/runner/runs/r1/files").url.params["key"] == report["key"]


def test_runs_results_output_writes_every_result_into_results_json(
    cli: CLI, server: FakeServer, logged_in: Path, tmp_path: Path
) -> None:
    report = {"key": "runs/r1/report.txt", "name": "report.txt", "size": 5, "directory": False}
    other = {**report, "key": "runs/r1/b/report.txt"}  # another file of the same name
    server.on("GET", "/api/runner/runs/r1", RUN)
    server.on(
        "GET",
        "/api/runner/runs/r1/results",
        {
            "total": {"type": "integer", "value": 3, "secret": False},
            "label": {"type": "string", "value": "ok", "secret": False},
            "key": {"type": "password", "value": None, "secret": True},
            "report": {"type": "file", "value": report, "secret": False},
            "copy": {"type": "file", "value": other, "secret": False},
        },
    )

    def located(request: httpx.Request) -> httpx.Response:
        target = f"http://s3.test/bucket/{request.url.params['key']}"
        return httpx.Response(307, headers={"location": target})

    server.on("GET", "/api/runner/runs/r1/files", located)
    server.on("GET", "/bucket/runs/r1/report.txt", lambda _: httpx.Response(200, content=b"a"))
    server.on("GET", "/bucket/runs/r1/b/report.txt", lambda _: httpx.Response(200, content=b"b"))
    out = tmp_path / "out"
    result = cli("runs", "results", "r1", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    written = json.loads((out / "results.json").read_text())
    assert written["total"] == {"type": "integer", "value": 3, "secret": False}
    assert written["label"]["value"] == "ok"
    assert written["key"] == {"type": "password", "value": None, "secret": True}
    assert written["report"]["saved_as"] == "report.txt"
    assert written["copy"]["saved_as"] == "copy-report.txt"
    assert (out / "report.txt").read_bytes() == b"a"
    assert (out / "copy-report.txt").read_bytes() == b"b"
    assert sorted(p.name for p in out.iterdir()) == [
        "copy-report.txt",
        "report.txt",
        "results.json",
    ]


def test_an_api_key_login_exchanges_the_key_again_when_the_token_expired(
    cli: CLI, server: FakeServer, config_path: Path
) -> None:
    server.on("POST", "/api/authorization/api-keys/exchange", tokens("p1", minutes=0))
    result = cli("login", URL, "--api-key-stdin", input="flk_ab_secret\n")
    assert result.exit_code == 0, result.stderr
    server.on("POST", "/api/authorization/api-keys/exchange", tokens("p1", access="access-2"))
    server.on("GET", "/api/authorization/projects", PROJECTS)
    assert cli("projects", "list").exit_code == 0
    sent = [json.loads(r.content) for r in server.requests if r.url.path.endswith("/exchange")]
    assert sent == [{"api_key": "flk_ab_secret"}] * 2
    assert server.last("GET", "/api/authorization/projects").headers["authorization"] == (
        "Bearer access-2"
    )


def test_runs_logs_follow_prints_lines_until_the_run_has_ended(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    running = execution(state="Running")
    states = iter(["Running", "Running", "Completed", "Completed"])
    server.on(
        "GET",
        "/api/runner/runs/r1",
        lambda _: httpx.Response(200, json={**RUN, "state": next(states), "executions": [running]}),
    )

    def logs(request: httpx.Request) -> httpx.Response:
        after = int(request.url.params.get("after", 0))
        items = [log_line(n, f"line {n}") for n in (1, 2) if n > after]
        return httpx.Response(200, json={"items": items[:1], "next_cursor": None})

    server.on("GET", "/api/runner/runs/r1/executions/e1/logs", logs)
    result = cli("runs", "logs", "r1", "--step", "add", "--follow", "--json")
    assert result.exit_code == 0, result.stderr
    printed = [json.loads(text) for text in result.stdout.splitlines()]
    assert [(p["step"], p["line"]) for p in printed] == [("add", "line 1"), ("add", "line 2")]


def test_a_401_refreshes_the_tokens_once_and_repeats_the_call(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    def projects(request: httpx.Request) -> httpx.Response:
        if request.headers["authorization"] == "Bearer access-1":
            return problem(401, "Unauthorized", "Invalid access token: expired")
        return httpx.Response(200, json=PROJECTS)

    server.on("GET", "/api/authorization/projects", projects)
    server.on("POST", "/api/authorization/tokens/refresh", tokens("p1", access="access-2"))
    result = cli("projects", "list", "--json")
    assert result.exit_code == 0, result.stderr
    assert len([r for r in server.requests if r.url.path.endswith("/projects")]) == 2


def test_a_refused_refresh_asks_to_log_in_again(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    server.on(
        "GET",
        "/api/authorization/projects",
        lambda _: problem(401, "Unauthorized", "Invalid access token: expired"),
    )
    server.on(
        "POST",
        "/api/authorization/tokens/refresh",
        lambda _: problem(401, "Unauthorized", "refresh token revoked"),
    )
    result = cli("projects", "list")
    assert result.exit_code == 1
    assert result.stderr == (
        "flowloom: error: the session has ended (Unauthorized: refresh token revoked): "
        "run `flowloom login`\n"
    )


def test_password_change_keeps_the_new_tokens_when_the_old_ones_are_revoked(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    server.on("PUT", "/api/authorization/me/password", tokens("p1", access="access-2"))
    result = cli("password", input="old password\nnew password\n")
    assert result.exit_code == 0, result.stderr
    sent = json.loads(server.last("PUT", "/api/authorization/me/password").content)
    assert sent == {"old_password": "old password", "new_password": "new password"}
    saved = json.loads(logged_in.read_text())
    assert (saved["access_token"], saved["refresh_token"]) == ("access-2", "refresh-of-access-2")


def test_runs_show_says_which_build_each_step_ran_on(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    run = failed_run()
    digest = "sha256:" + "9f2c" * 16
    run["executions"][0]["artefact"] = {
        "action_id": "a1",
        "version": "1.0",
        "reference": f"s3://builds/{digest[7:]}.tar.gz",
        "digest": digest,
    }
    server.on("GET", "/api/runner/runs/r1", run)
    result = cli("runs", "show", "r1", "--wide")
    assert result.exit_code == 0, result.stderr
    assert "build" in result.stdout
    assert "9f2c9f2c9f2c" in result.stdout, result.stdout
