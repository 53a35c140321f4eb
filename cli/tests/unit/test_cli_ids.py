"""Naming things: actions by name (`echo`, `echo@1.2`), ids by unique prefix, whole ids with
--wide."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from ..conftest import FakeServer, Result
from .test_cli_commands import RUN, deployments

CLI = Callable[..., Result]
NOW = "2026-01-01T00:00:00Z"
RUN_A = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
RUN_B = "1b4e9999-2fa1-11d2-883f-0016d3cca427"
RUN_C = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


def action(id_: str, name: str, version: str, path: str = "echo") -> dict[str, Any]:
    return {
        "id": id_,
        "source_id": "s1",
        "path": path,
        "state": "Built",
        "technical_name": name,
        "version": version,
        "kind": "Processor",
        "type": "python3",
        "human_name": name,
        "description": None,
        "categories": [],
        "dependencies": [],
        "has_logo": False,
        "inputs": [],
        "outputs": [],
        "dynamic_outputs": False,
        "resources": None,
        "addons": {},
        "options": {},
        "content_digest": None,
        "sha": "abc",
        "source_archive": None,
        "artefact": None,
        "present_in_latest_scan": True,
        "published": True,
        "current_build_id": None,
        "errors": [],
        "created_at": NOW,
        "updated_at": NOW,
    }


def actions(server: FakeServer, *found: dict[str, Any]) -> None:
    server.on("GET", "/api/repository/actions", {"items": list(found), "next_cursor": None})
    for item in found:
        server.on("GET", f"/api/repository/actions/{item['id']}", item)


def build(id_: str, action_id: str) -> dict[str, Any]:
    return {
        "id": id_,
        "action_id": action_id,
        "state": "Pending",
        "content_digest": "sha256:0",
        "sha": "abc",
        "source_archive": "s3://sources/a.tar.gz",
        "requested_at": NOW,
        "started_at": None,
        "finished_at": None,
        "duration_seconds": None,
        "error": None,
        "cache_hit": False,
        "artefact": None,
        "artefact_digest": None,
        "has_log": True,
    }


def runs(server: FakeServer, *ids: str) -> None:
    items = [{**RUN, "id": id_, "results": {}} for id_ in ids]
    server.on("GET", "/api/runner/runs", {"items": items, "next_cursor": None})
    for item in items:
        server.on("GET", f"/api/runner/runs/{item['id']}", item)


def test_an_action_is_named_as_a_workflow_file_names_it(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    actions(
        server, action("a1", "echo", "1.9"), action("a2", "echo", "1.10"), action("a3", "x", "1")
    )
    newest = cli("actions", "show", "echo", "--json")
    assert newest.exit_code == 0, newest.stderr
    assert newest.stdout.count('"id": "a2"') == 1  # 1.10 is newer than 1.9
    older = cli("actions", "show", "echo@1.9", "--json")
    assert '"id": "a1"' in older.stdout
    server.on(
        "POST",
        "/api/repository/actions/a1/builds",
        lambda _: httpx.Response(202, json=build("b1", "a1")),
    )
    built = cli("actions", "build", "echo@1.9", "--json")
    assert built.exit_code == 0, built.stderr
    assert server.last("POST", "/api/repository/actions/a1/builds")


def test_the_same_action_name_and_version_twice_is_ambiguous(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    actions(
        server, action("a1", "echo", "1.0", "one/echo"), action("a2", "echo", "1.0", "two/echo")
    )
    result = cli("actions", "show", "echo")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "the action name 'echo' is ambiguous: 2 actions match" in result.stderr
    assert "echo@1.0 (a1) at one/echo" in result.stderr
    assert "echo@1.0 (a2) at two/echo" in result.stderr


def test_a_unique_prefix_names_a_run(cli: CLI, server: FakeServer, logged_in: Path) -> None:
    deployments(server)
    runs(server, RUN_A, RUN_B, RUN_C)
    shown = cli("runs", "show", "7c9e", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert f'"id": "{RUN_C}"' in shown.stdout
    server.on(
        "POST",
        f"/api/runner/runs/{RUN_A}/cancel",
        lambda _: httpx.Response(200, json={**RUN, "id": RUN_A, "state": "Canceled"}),
    )
    assert cli("runs", "cancel", "1b4e2").exit_code == 0
    assert server.last("POST", f"/api/runner/runs/{RUN_A}/cancel")


def test_an_ambiguous_prefix_lists_the_candidates(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    runs(server, RUN_A, RUN_B, RUN_C)
    result = cli("runs", "logs", "1b4e")
    assert result.exit_code == 1
    assert result.stderr == (
        "flowloom: error: the run id prefix '1b4e' is ambiguous: 2 runs match "
        f"({RUN_A}, {RUN_B}): give more of the id\n"
    )
    unknown = cli("runs", "show", "fff")
    assert (unknown.exit_code, unknown.stderr) == (
        1,
        "flowloom: error: run 'fff' not found: see `flowloom runs list`\n",
    )


def test_tables_cut_ids_that_wide_shows_whole(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    deployments(server)
    runs(server, RUN_A, RUN_C)
    narrow = cli("runs", "list")
    assert RUN_A[:8] in narrow.stdout
    assert RUN_A not in narrow.stdout
    wide = cli("runs", "list", "--wide")
    assert wide.exit_code == 0, wide.stderr
    assert RUN_A in wide.stdout  # whole, on one line
    assert RUN_C in wide.stdout


def test_workflows_repositories_and_builds_take_an_id_prefix(
    cli: CLI, server: FakeServer, logged_in: Path
) -> None:
    deployments(server)  # workflow w1, "adder"
    server.on(
        "GET",
        "/api/repository/sources",
        {
            "items": [
                {
                    "id": RUN_C,
                    "name": "mine",
                    "url": "file:///srv/mine",
                    "default_branch": "main",
                    "has_credentials": False,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            ],
            "next_cursor": None,
        },
    )
    server.on(
        "GET", "/api/repository/sources/" + RUN_C + "/scans", {"items": [], "next_cursor": None}
    )
    assert "mine" in cli("repos", "show", "7c9e6").stdout
    server.on("GET", "/api/runner/runs", {"items": [], "next_cursor": None})
    listed = cli("runs", "list", "--workflow", "w")
    assert listed.exit_code == 0, listed.stderr
    assert server.last("GET", "/api/runner/runs").url.params["workflow_id"] == "w1"
    actions(server, action("a1", "echo", "1.0"))
    server.on(
        "GET",
        "/api/repository/actions/a1/builds",
        {"items": [build(RUN_A, "a1")], "next_cursor": None},
    )
    server.on(
        "GET", f"/api/repository/builds/{RUN_A}/log", lambda _: httpx.Response(200, text="built\n")
    )
    log = cli("actions", "build-log", "1b4e2")
    assert (log.exit_code, log.stdout) == (0, "built\n"), log.stderr
