"""The whole path through every service, over HTTP only: git → scan → build → studio import of
a workflow.yaml with a reference, a condition, a variable and a secret → deploy → run → results
and the result file. Embedded and distributed."""

from __future__ import annotations

import textwrap
from pathlib import Path

import httpx
import pytest

from flowloom.testkit import testing
from flowloom.testkit.actions import git_repository
from flowloom.testkit.harness import Platform

from .support import GREET, SIGN, User, signed

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ACTIONS = {"greet": GREET, "sign": SIGN}

WORKFLOW = textwrap.dedent(
    """\
    apiVersion: flowloom.dev/v1
    kind: Workflow
    name: greet-and-sign
    description: Greet someone, then sign the greeting with the project key.
    trigger:
      manual:
        outputs:
          - {name: name, type: string}
    steps:
      - id: greet
        action: greet
        inputs:
          name: {ref: trigger.name}
      - id: sign
        action: sign
        when: "steps.greet.outputs.greeting != ''"
        inputs:
          text: {ref: greet.greeting}
          key: {secret: signing-key}
          label: {variable: label}
    results:
      greeting: greet.greeting
      signed: sign.signed
    """
)


@pytest.fixture(scope="module")
async def user(shared_platform: Platform) -> User:
    """A project of its own on the session's platform of each mode."""
    project_id, token = await shared_platform.project_token("git-to-results")
    return User(shared_platform, project_id, token)


async def test_a_workflow_imported_in_the_studio_runs_actions_built_from_git(
    user: User, tmp_path: Path
) -> None:
    repo = git_repository(tmp_path / "repo", ACTIONS)
    built = await user.build_all(f"file://{repo}")
    assert {name: a["state"] for name, a in built.items()} == {"greet": "Built", "sign": "Built"}

    # The studio's store learns the built actions from the repository's messages.
    async def in_store() -> bool:
        store = await user.call("GET", "/api/studio/actions")
        return {a["technical_name"] for a in store["items"]} == {"greet", "sign"}

    await testing.eventually(in_store, within=30, step=0.2)

    # Imported before the variable and the secret exist: the studio says what is missing.
    imported = await user.call(
        "POST", "/api/studio/workflows/import", 201, content=WORKFLOW.encode()
    )
    workflow_id = imported["id"]
    codes = sorted(p["code"] for p in imported["problems"])
    assert codes == ["unknown_secret", "unknown_variable"], imported["problems"]
    refused = await user.platform.request(
        "POST", f"/api/studio/workflows/{workflow_id}/deploy", headers=user.headers
    )
    assert refused.status_code == 422

    await user.call("PUT", "/api/studio/variables/label", json={"type": "string", "value": "FL"})
    await user.call("PUT", "/api/studio/secrets/signing-key", json={"value": "k3y"})
    problems = await user.call("GET", f"/api/studio/workflows/{workflow_id}/problems")
    assert problems == []

    # Export → re-import gives the same workflow.
    exported = await user.platform.request(
        "GET", f"/api/studio/workflows/{workflow_id}/export", headers=user.headers
    )
    assert exported.status_code == 200
    again = await user.call(
        "POST", "/api/studio/workflows/import", 201, content=exported.content,
        params={"name": "greet-and-sign-copy"},
    )  # fmt: skip
    assert again["problems"] == []

    await user.call("POST", f"/api/studio/workflows/{workflow_id}/deploy", 202)
    deployment = await user.until(
        f"/api/studio/workflows/{workflow_id}/deployment", "state", {"Deployed", "Error"}
    )
    assert deployment["state"] == "Deployed", deployment

    started_run = await user.call(
        "POST", f"/api/runner/workflows/{workflow_id}/runs", 201, json={"inputs": {"name": "Ada"}}
    )
    run = await user.until(
        f"/api/runner/runs/{started_run['run_id']}", "state", {"Completed", "Error", "Canceled"}
    )
    assert run["state"] == "Completed", run
    assert run["results"]["greeting"]["value"] == "hello Ada"
    download = await user.platform.request(
        "GET",
        f"/api/runner/runs/{run['id']}/files",
        params={"key": run["results"]["signed"]["value"]["key"]},
        headers=user.headers,
    )
    assert download.status_code == 307
    async with httpx.AsyncClient() as client:
        content = (await client.get(download.headers["location"])).text
    assert content == signed("k3y", "FL", "hello Ada")
    sign = next(e for e in run["executions"] if e["step_id"] == "sign")
    logs = await user.call("GET", f"/api/runner/runs/{run['id']}/executions/{sign['id']}/logs")
    assert [line["line"] for line in logs["items"]] == ["signed with the project key"]

    await user.call("POST", f"/api/studio/workflows/{workflow_id}/undeploy", 202)
    undeployed = await user.until(
        f"/api/studio/workflows/{workflow_id}/deployment", "state", {"Undeployed", "Error"}
    )
    assert undeployed["state"] == "Undeployed", undeployed
