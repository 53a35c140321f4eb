"""The CLI against the real platform, started in-process (embedded mode)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from flowloom.servicekit.messaging import Envelope, QueueBinding
from flowloom.testkit import testing
from flowloom.testkit.harness import EmbeddedPlatform

from ..conftest import Result
from .studio_stand_in import deployment_order, published_action

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
CLI = Callable[..., Result]
HANDLER = "def handle(inputs):\n    print('adding one')\n    return {'total': inputs['a'] + 1}\n"
METADATA = """apiVersion: "ryax.tech/v2.0"
kind: Processor
spec:
  id: add-one
  human_name: Add one
  type: python3
  version: "1.0"
  inputs:
    - name: a
      human_name: A
      help: A number.
      type: integer
  outputs:
    - name: total
      human_name: Total
      help: a + 1.
      type: integer
"""


@pytest.fixture(scope="module")
async def platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[EmbeddedPlatform]:
    async with EmbeddedPlatform(tmp_path_factory.mktemp("cli-platform")) as started:
        yield started


@pytest.fixture
def flowloom(cli: CLI, config_path: Path) -> Callable[..., Any]:
    """Run the CLI in a thread: the platform serves from this test's event loop."""

    async def run(*args: str, input: str | None = None) -> Result:
        return await asyncio.to_thread(cli, *args, input=input)

    return run


def file_mode(path: Path) -> int | None:
    return path.stat().st_mode & 0o777 if path.exists() else None


def saved_token(path: Path) -> str:
    return str(json.loads(path.read_text())["access_token"])


async def login(flowloom: Callable[..., Any], platform: EmbeddedPlatform) -> None:
    url = platform.base_url("")
    result = await flowloom(
        "login", url, "--username", "admin", "--password-stdin", input=platform.admin_password()
    )
    assert result.exit_code == 0, result.stderr


async def test_login_projects_whoami_and_api_keys(
    platform: EmbeddedPlatform, flowloom: Callable[..., Any], config_path: Path
) -> None:
    await login(flowloom, platform)
    assert file_mode(config_path) == 0o600
    created = await flowloom("projects", "create", "cli-tests", "--json")
    assert created.exit_code == 0, created.stderr
    project_id = json.loads(created.stdout)["id"]
    used = await flowloom("projects", "use", "cli-tests")
    assert used.exit_code == 0, used.stderr
    me = json.loads((await flowloom("whoami", "--json")).stdout)
    assert (me["user"]["username"], me["project_id"], me["role"]) == ("admin", project_id, "owner")
    listed = json.loads((await flowloom("projects", "list", "--json")).stdout)
    assert "cli-tests" in [p["name"] for p in listed]

    key = json.loads((await flowloom("api-keys", "create", "ci", "--json")).stdout)
    assert key["api_key"].startswith("flk_")
    url = platform.base_url("")
    with_key = await flowloom("login", url, "--api-key-stdin", input=key["api_key"] + "\n")
    assert with_key.exit_code == 0, with_key.stderr
    me = json.loads((await flowloom("whoami", "--json")).stdout)
    assert (me["user"]["username"], me["project_id"]) == ("admin", project_id)
    keys = json.loads((await flowloom("api-keys", "list", "--json")).stdout)
    assert [k["id"] for k in keys] == [key["key"]["id"]]
    revoked = await flowloom("api-keys", "revoke", "ci")
    assert revoked.exit_code == 0, revoked.stderr
    # The session came from that key: revoking it ends the session (one line, no traceback).
    refused = await flowloom("api-keys", "list", "--json")
    assert refused.exit_code == 1, refused.stdout
    assert len(refused.stderr.splitlines()) == 1, refused.stderr
    await login(flowloom, platform)
    await flowloom("projects", "use", "cli-tests")
    assert json.loads((await flowloom("api-keys", "list", "--json")).stdout) == []

    for args in (("whoami",), ("projects", "list"), ("api-keys", "list", "--all")):
        shown_as_table = await flowloom(*args)
        assert shown_as_table.exit_code == 0, shown_as_table.stderr
    runs = await flowloom("runs", "list", "--json")
    assert (runs.exit_code, json.loads(runs.stdout)) == (0, [])
    unknown = await flowloom("runs", "show", "no-such-run")
    assert unknown.exit_code == 1
    assert unknown.stderr.count("\n") == 1
    assert unknown.stderr.startswith("flowloom: error: Not Found: ")


async def test_a_wrong_password_fails_in_one_line(
    platform: EmbeddedPlatform, flowloom: Callable[..., Any], config_path: Path
) -> None:
    url = platform.base_url("")
    result = await flowloom("login", url, "--password-stdin", input="not-the-password\n")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("flowloom: error: Unauthorized: ")
    assert file_mode(config_path) is None


def test_a_server_that_is_down_fails_in_one_line(tmp_path: Path) -> None:
    """The real entry point, in its own process, against a port nothing listens on."""
    url = f"http://127.0.0.1:{testing.free_port()}"
    env = {"FLOWLOOM_CONFIG": str(tmp_path / "config.json"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "flowloom.cli", "login", url, "--password-stdin"],
        input="pw\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"flowloom: error: cannot reach the Flowloom server at {url}: connection refused\n"
    )


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=30)


def action_repo(root: Path) -> Path:
    action = root / "actions" / "add-one"
    action.mkdir(parents=True)
    (action / "ryax_metadata.yaml").write_text(METADATA)
    (action / "ryax_handler.py").write_text(HANDLER)
    git(root, "init", "--quiet", "-b", "master")  # not main: `repos add` finds the branch
    git(root, "-c", "user.name=t", "-c", "user.email=t@flowloom.invalid", "add", "--all")
    git(
        root,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@flowloom.invalid",
        "-c",
        "commit.gpgsign=false",
        "commit",
        "--quiet",
        "-m",
        "an action",
    )
    return root


async def test_from_a_git_repository_to_a_run(
    platform: EmbeddedPlatform, flowloom: Callable[..., Any], tmp_path: Path, config_path: Path
) -> None:
    """repos → scan → build (CLI); the test plays the studio's deploy; then runs (CLI)."""
    await login(flowloom, platform)
    assert (await flowloom("projects", "create", "cli-repos")).exit_code == 0
    assert (await flowloom("projects", "use", "cli-repos")).exit_code == 0
    repo = action_repo(tmp_path / "repo")
    added = await flowloom("repos", "add", "demo", f"file://{repo}")  # no --branch
    assert added.exit_code == 0, added.stderr
    listed = json.loads((await flowloom("repos", "list", "--json")).stdout)
    assert [(s["name"], s["url"]) for s in listed] == [("demo", f"file://{repo}")]
    scanned = await flowloom("repos", "scan", "demo", "--wait", "--json")
    assert scanned.exit_code == 0, scanned.stderr
    scan = json.loads(scanned.stdout)
    assert (scan["state"], scan["errors"], scan["ref"]) == ("Done", [], "master")
    shown = json.loads((await flowloom("repos", "show", "demo", "--json")).stdout)
    assert shown["default_branch"] == "master"
    actions = json.loads((await flowloom("actions", "list", "--json")).stdout)
    assert [(a["technical_name"], a["version"], a["kind"]) for a in actions] == [
        ("add-one", "1.0", "Processor")
    ]
    # An action by its name, as a workflow file names it (or NAME@VERSION, an id, a prefix).
    shown = json.loads((await flowloom("actions", "show", "add-one", "--json")).stdout)
    assert shown["id"] == actions[0]["id"]
    assert [i["name"] for i in shown["inputs"]] == ["a"]
    missing = await flowloom("repos", "scan", "nope")
    assert (missing.exit_code, missing.stderr.count("\n")) == (1, 1)
    for args in (("repos", "list"), ("repos", "show", "demo"), ("actions", "list")):
        shown_as_table = await flowloom(*args)
        assert shown_as_table.exit_code == 0, shown_as_table.stderr
        assert "demo" in shown_as_table.stdout or "add-one" in shown_as_table.stdout
    table = await flowloom("actions", "show", actions[0]["id"])
    assert "Inputs" in table.stdout, table.stderr

    published: list[Any] = []

    async def record(envelope: Envelope) -> None:
        published.append(published_action(envelope.body))

    binding = QueueBinding(
        f"cli-{uuid.uuid4().hex[:8]}", "repository.events", ("action.published",)
    )
    await platform.bus.subscribe(binding, record)
    built = await flowloom("actions", "build", "add-one@1.0", "--wait", "--json")
    assert built.exit_code == 0, built.stderr + built.stdout
    assert [b["state"] for b in json.loads(built.stdout)] == ["Succeeded"]
    log = await flowloom("actions", "build-log", actions[0]["id"][:8])
    assert log.exit_code == 0, log.stderr
    assert log.stdout.strip()

    await testing.eventually(lambda: bool(published), within=30, step=0.1)
    me = json.loads((await flowloom("whoami", "--json")).stdout)
    workflow_id, order = deployment_order(me["project_id"], "adder", published[0])
    await platform.publish(order)
    token = saved_token(config_path)
    await testing.eventually(lambda: deployed(platform, workflow_id, token), within=60, step=0.2)

    started = await flowloom("runs", "start", "adder", "--input", "a=41", "--wait", "--json")
    assert started.exit_code == 0, started.stderr + started.stdout
    run = json.loads(started.stdout)
    assert (run["state"], run["results"]["total"]["value"]) == ("Completed", 42)
    listed_runs = json.loads(
        (await flowloom("runs", "list", "--workflow", "adder", "--json")).stdout
    )
    assert [r["id"] for r in listed_runs] == [run["id"]]
    logs = await flowloom("runs", "logs", run["id"][:8])  # a prefix, as tables show ids
    assert (logs.exit_code, logs.stdout) == (0, "[add] adding one\n"), logs.stderr
    results = json.loads((await flowloom("runs", "results", run["id"], "--json")).stdout)
    assert results["total"]["value"] == 42
    for args in (("runs", "show", run["id"]), ("runs", "list"), ("runs", "results", run["id"])):
        shown_as_table = await flowloom(*args)
        assert shown_as_table.exit_code == 0, shown_as_table.stderr
    not_running = await flowloom("runs", "start", "adder", "--input", "b=1", "--wait")
    assert not_running.exit_code == 1
    assert not_running.stderr.count("\n") == 1


async def deployed(platform: EmbeddedPlatform, workflow_id: str, token: str) -> bool:
    headers = {"Authorization": f"Bearer {token}"}
    found = await platform.request("GET", f"/api/runner/deployments/{workflow_id}", headers=headers)
    return found.status_code == 200 and found.json()["state"] == "Deployed"
