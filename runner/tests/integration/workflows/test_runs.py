"""Workflows of real Ryax-format actions driven through the runner's messages and HTTP API,
in embedded and in distributed mode: values, files, logs and states of every run."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import httpx
import pytest

from flowloom.runner.infrastructure.messaging.protobuf.runner.v1 import runner_events_pb2
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.servicekit import testing

from .builders import artefact, deployment, manual, ref, step, undeployment
from .conftest import Session

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def chain(envs: dict[str, Path]) -> list[pb.Step]:
    """writer → reader (only when the file is not empty) → publish."""
    return [
        step("writer", "writer", envs, {"text": ref("trigger.text")}),
        step("reader", "reader", envs, {"file": ref("writer.outfile")},
             when="steps.writer.outputs.outfile != ''"),
        step("publish", "publish", envs, {"content": ref("reader.content")}),
    ]  # fmt: skip


async def test_passes_values_files_and_logs_when_run_by_hand(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = deployment(
        session.project_id, manual(text="string"), chain(envs), {"content": "reader.content"}
    )
    deployed = await session.deploy(order, workflow_id)
    assert deployed["webhook_path"].startswith(f"/api/runner/hooks/{workflow_id}/")

    run = await session.finished(await session.start(workflow_id, text="hello flowloom"))
    assert run["state"] == "Completed", run
    states = {e["step_id"]: (e["state"], e["attempt"]) for e in run["executions"]}
    assert states == {s: ("Success", 1) for s in ("writer", "reader", "publish")}
    writer = next(e for e in run["executions"] if e["step_id"] == "writer")
    outfile = writer["outputs"]["outfile"]
    assert outfile["type"] == "file"
    assert outfile["value"]["name"] == "outfile.txt"
    assert await session.file_text(run, outfile) == "HELLO FLOWLOOM"
    assert run["results"]["content"]["value"] == "HELLO FLOWLOOM"
    results = await session.get(f"/api/runner/runs/{run['id']}/results")
    assert results.json()["content"]["value"] == "HELLO FLOWLOOM"
    assert await session.logs(run, "writer") == ["writing hello flowloom"]
    assert await session.logs(run, "reader") == ["reading outfile.txt", "to stderr"]
    assert await session.logs(run, "publish") == ["published: HELLO FLOWLOOM"]
    assert (workflow_id, runner_events_pb2.DEPLOYMENT_STATE_DEPLOYED, "") in (
        session.deployment_events
    )


async def test_answers_results_when_webhook_is_synchronous(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = deployment(
        session.project_id, manual(text="string"), chain(envs), {"content": "reader.content"}
    )
    hook = (await session.deploy(order, workflow_id))["webhook_path"]
    answer = await session.platform.request(
        "POST", hook, params={"sync": "true"}, json={"text": "by hook"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"]["content"]["value"] == "BY HOOK"
    form = await session.platform.request("POST", hook, data={"text": "by form"})
    assert form.status_code == 202
    run = await session.finished(form.json()["run_id"])
    assert run["trigger_source"] == "webhook"
    assert run["results"]["content"]["value"] == "BY FORM"
    wrong_key = await session.platform.request("POST", hook[:-4] + "xxxx", json={"text": "x"})
    assert wrong_key.status_code == 404


async def test_starts_one_run_per_event_when_source_emits(
    session: Session, envs: dict[str, Path]
) -> None:
    trigger = pb.Trigger(action=pb.ActionTrigger(action=artefact("emit3", envs)))
    steps = [step("writer", "writer", envs, {"text": ref("trigger.text")})]
    workflow_id, order = deployment(session.project_id, trigger, steps)
    await session.deploy(order, workflow_id)

    async def three_runs() -> bool:
        listing = await session.get("/api/runner/runs", params={"workflow_id": workflow_id})
        return len(listing.json()["items"]) == 3

    await testing.eventually(three_runs, within=60, step=0.2)
    listing = (await session.get("/api/runner/runs", params={"workflow_id": workflow_id})).json()
    runs = [await session.finished(item["id"]) for item in listing["items"]]
    texts = sorted(run["trigger_outputs"]["text"]["value"] for run in runs)
    assert texts == ["event 1", "event 2", "event 3"]
    assert sorted(run["trigger_outputs"]["n"]["value"] for run in runs) == [1, 2, 3]
    assert [(r["trigger_source"], r["state"], r["error"]) for r in runs] == [
        ("source", "Completed", None)
    ] * 3
    await session.deploy(undeployment(session.project_id, workflow_id), workflow_id, "Undeployed")


async def test_runs_on_schedule_when_trigger_is_cron(
    session: Session, envs: dict[str, Path]
) -> None:
    trigger = pb.Trigger(cron=pb.CronTrigger(schedule="* * * * *", timezone="Europe/Paris"))
    steps = [step("writer", "writer", envs, {"text": ref("trigger.time")})]
    workflow_id, order = deployment(session.project_id, trigger, steps)
    await session.deploy(order, workflow_id)

    async def ran() -> bool:
        listing = await session.get("/api/runner/runs", params={"workflow_id": workflow_id})
        return bool(listing.json()["items"])

    await testing.eventually(ran, within=75, step=0.5)
    item = (await session.get("/api/runner/runs", params={"workflow_id": workflow_id})).json()
    run = await session.finished(item["items"][0]["id"])
    assert run["trigger_source"] == "cron"
    assert run["trigger_outputs"]["time"]["value"].endswith(":00+01:00") or run["trigger_outputs"][
        "time"
    ]["value"].endswith(":00+02:00")
    assert run["state"] == "Completed"
    await session.deploy(undeployment(session.project_id, workflow_id), workflow_id, "Undeployed")


async def test_skips_step_and_its_descendants_when_condition_is_false(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = chain(envs)
    steps[0] = step("writer", "writer", envs, {"text": ref("trigger.text")},
                    when="trigger.outputs.text != 'skip'")  # fmt: skip
    workflow_id, order = deployment(session.project_id, manual(text="string"), steps)
    await session.deploy(order, workflow_id)
    run = await session.finished(await session.start(workflow_id, text="skip"))
    assert (run["state"], run["error"]) == ("Completed", None), run["executions"]
    assert {e["step_id"]: e["state"] for e in run["executions"]} == {
        "writer": "Skipped", "reader": "Skipped", "publish": "Skipped",
    }  # fmt: skip


async def test_retries_until_success_when_step_fails_transiently(
    session: Session, envs: dict[str, Path], tmp_path: Path
) -> None:
    steps = [step("flaky", "flaky", envs, {"failures": 2, "marker": str(tmp_path / "count")},
                  attempts=3, backoff=0.2)]  # fmt: skip
    workflow_id, order = deployment(session.project_id, manual(), steps)
    await session.deploy(order, workflow_id)
    run = await session.finished(await session.start(workflow_id))
    flaky = run["executions"][0]
    assert (run["state"], flaky["state"], flaky["attempt"]) == ("Completed", "Success", 3)
    assert flaky["outputs"]["attempts"]["value"] == 3


async def test_fails_run_with_step_message_when_retries_run_out(
    session: Session, envs: dict[str, Path], tmp_path: Path
) -> None:
    steps = [
        step("flaky", "flaky", envs, {"failures": 5, "marker": str(tmp_path / "count")},
             attempts=2),
        step("publish", "publish", envs, {"content": "never"}),
    ]  # fmt: skip
    steps[1].needs.append("flaky")
    workflow_id, order = deployment(session.project_id, manual(), steps)
    await session.deploy(order, workflow_id)
    run = await session.finished(await session.start(workflow_id))
    states = {e["step_id"]: (e["state"], e["attempt"]) for e in run["executions"]}
    assert run["state"] == "Error"
    assert states == {"flaky": ("Error", 2), "publish": ("Canceled", 1)} or states == {
        "flaky": ("Error", 2), "publish": ("Canceled", 0),
    }  # fmt: skip
    assert "ValueError: attempt 2 fails" in run["error"]


async def test_times_out_step_when_it_runs_too_long(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [step("sleeper", "sleeper", envs, {"seconds": 30.0}, timeout=1.0)]
    workflow_id, order = deployment(session.project_id, manual(), steps)
    await session.deploy(order, workflow_id)
    run = await session.finished(await session.start(workflow_id), within=30)
    assert run["state"] == "Error"
    assert "timed out after 1" in run["executions"][0]["message"]


async def test_cancels_running_step_when_run_is_canceled(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [step("sleeper", "sleeper", envs, {"seconds": 30.0})]
    workflow_id, order = deployment(session.project_id, manual(), steps)
    await session.deploy(order, workflow_id)
    run_id = await session.start(workflow_id)

    async def running() -> bool:
        run = (await session.get(f"/api/runner/runs/{run_id}")).json()
        return run["executions"][0]["state"] == "Running"

    await testing.eventually(running, within=30, step=0.1)
    canceled = await session.post(f"/api/runner/runs/{run_id}/cancel")
    assert canceled.status_code == 200
    run = await session.finished(run_id, within=15)
    assert (run["state"], run["executions"][0]["state"]) == ("Canceled", "Canceled")


async def test_cancels_run_with_code_when_action_raises_ryax_exception(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [step("teapot", "teapot", envs, {"text": ref("trigger.text")})]
    workflow_id, order = deployment(session.project_id, manual(text="string"), steps)
    hook = (await session.deploy(order, workflow_id))["webhook_path"]
    answer = await session.platform.request(
        "POST", hook, params={"sync": "true"}, json={"text": "tea"}
    )
    assert answer.status_code == 418
    run = await session.finished(answer.json()["run_id"])
    assert (run["state"], run["cancel_code"]) == ("Canceled", 418)
    assert "I am a teapot" in (run["error"] or run["executions"][0]["message"])


async def test_fails_step_naming_output_when_handler_returns_wrong_type(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = deployment(session.project_id, manual(), [step("w", "wrongtype", envs)])
    await session.deploy(order, workflow_id)
    run = await session.finished(await session.start(workflow_id))
    assert run["state"] == "Error"
    assert "count" in run["executions"][0]["message"]
    assert "integer" in run["executions"][0]["message"]


async def test_retries_step_when_wrapper_is_killed_mid_execution(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [step("sleeper", "sleeper", envs, {"seconds": 3.0}, attempts=2)]
    workflow_id, order = deployment(session.project_id, manual(), steps)
    await session.deploy(order, workflow_id)
    run_id = await session.start(workflow_id)

    async def running() -> bool:
        run = (await session.get(f"/api/runner/runs/{run_id}")).json()
        return run["executions"][0]["state"] == "Running"

    await testing.eventually(running, within=30, step=0.05)
    killed = _kill_wrapper_of(envs["sleeper"])
    assert killed, "no wrapper process of the sleeper action was running"
    run = await session.finished(run_id, within=60)
    sleeper = run["executions"][0]
    assert (run["state"], sleeper["state"], sleeper["attempt"]) == ("Completed", "Success", 2)


async def test_resumes_run_when_runner_restarts_mid_run(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [
        step("sleeper", "sleeper", envs, {"seconds": 3.0}, attempts=2),
        step("publish", "publish", envs, {"content": "after restart"}),
    ]
    steps[1].needs.append("sleeper")
    workflow_id, order = deployment(session.project_id, manual(), steps)
    await session.deploy(order, workflow_id)
    run_id = await session.start(workflow_id)

    async def running() -> bool:
        run = (await session.get(f"/api/runner/runs/{run_id}")).json()
        return run["executions"][0]["state"] == "Running"

    await testing.eventually(running, within=30, step=0.05)
    await session.platform.restart_runner(crash=True)
    run = await session.finished(run_id, within=90)
    states = {e["step_id"]: (e["state"], e["attempt"]) for e in run["executions"]}
    assert run["state"] == "Completed", run
    assert states == {"sleeper": ("Success", 2), "publish": ("Success", 1)}


def _kill_wrapper_of(env: Path) -> int:
    """SIGKILL the wrapper processes serving this action; how many were killed."""
    import os
    import signal

    killed = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in command and str(env / "action").encode() in command:
            os.kill(int(proc.name), signal.SIGKILL)
            killed += 1
    return killed


async def test_answers_problem_when_run_input_is_invalid(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = deployment(session.project_id, manual(text="string"), chain(envs))
    await session.deploy(order, workflow_id)
    missing = await session.post(f"/api/runner/workflows/{workflow_id}/runs", json={"inputs": {}})
    malformed = await session.post(
        f"/api/runner/workflows/{workflow_id}/runs",
        content=b"{nope",
        headers={"content-type": "application/json"},
    )
    unknown = await session.post("/api/runner/workflows/nope/runs", json={"inputs": {}})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "outputs.text"
    assert malformed.status_code == 422
    assert unknown.status_code == 404
    anonymous = await session.platform.request("GET", "/api/runner/runs")
    assert anonymous.status_code == 401
    await asyncio.sleep(0)


async def test_stores_uploaded_file_when_manual_run_is_a_form(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [step("reader", "reader", envs, {"file": ref("trigger.doc")})]
    workflow_id, order = deployment(session.project_id, manual(doc="file"), steps)
    await session.deploy(order, workflow_id)
    answer = await session.post(
        f"/api/runner/workflows/{workflow_id}/runs",
        files={"doc": ("notes.txt", b"uploaded by hand", "text/plain")},
    )
    assert answer.status_code == 201, answer.text
    run = await session.finished(answer.json()["run_id"])
    assert run["state"] == "Completed", run["error"]
    assert run["trigger_outputs"]["doc"]["value"]["name"] == "notes.txt"
    assert run["executions"][0]["outputs"]["content"]["value"] == "uploaded by hand"
    assert await session.logs(run, "reader") == ["reading notes.txt", "to stderr"]


async def test_streams_log_lines_live_when_following_an_execution(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [step("sleeper", "sleeper", envs, {"seconds": 1.5})]
    workflow_id, order = deployment(session.project_id, manual(), steps)
    await session.deploy(order, workflow_id)
    run_id = await session.start(workflow_id)
    run = (await session.get(f"/api/runner/runs/{run_id}")).json()
    path = f"/api/runner/runs/{run_id}/executions/{run['executions'][0]['id']}/logs/stream"
    events: list[tuple[str, str]] = []
    async with (
        httpx.AsyncClient(timeout=60) as client,
        client.stream(
            "GET", session.platform.base_url(path) + path, headers=session.headers
        ) as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((event, line.split(":", 1)[1].strip()))
    assert [e for e, _ in events] == ["line", "end"]
    assert json.loads(events[0][1])["line"] == "sleeping 1.5"


async def test_deploys_once_when_order_is_delivered_twice(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = deployment(session.project_id, manual(text="string"), chain(envs))
    await session.platform.publish(order)
    await session.deploy(order, workflow_id)
    await asyncio.sleep(1)  # give the duplicate every chance to be (wrongly) applied
    deployed = [
        e for e in session.deployment_events
        if e[0] == workflow_id and e[1] == runner_events_pb2.DEPLOYMENT_STATE_DEPLOYED
    ]  # fmt: skip
    assert len(deployed) == 1
    listing = (await session.get("/api/runner/deployments")).json()
    assert [d["workflow_id"] for d in listing].count(workflow_id) == 1


async def _admin(session: Session) -> dict[str, str]:
    data_dir = session.platform.data_dir
    password = next(data_dir.rglob("admin-password")).read_text().strip()
    login = await session.platform.request(
        "POST", "/api/authorization/login", json={"username": "admin", "password": password}
    )
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def _token_in(session: Session, headers: dict[str, str], project_id: str) -> str:
    switched = await session.platform.request(
        "POST", "/api/authorization/me/project", json={"project_id": project_id}, headers=headers
    )
    return str(switched.json()["access_token"])


async def test_lets_viewer_read_but_not_start_or_cancel(
    session: Session, envs: dict[str, Path]
) -> None:
    admin = await _admin(session)
    name = f"viewer-{uuid.uuid4().hex[:6]}"
    await session.platform.request(
        "POST", "/api/authorization/users",
        json={"username": name, "password": "viewer password"}, headers=admin,
    )  # fmt: skip
    await session.platform.request(
        "POST", f"/api/authorization/projects/{session.project_id}/members",
        json={"username": name, "role": "viewer"}, headers=admin,
    )  # fmt: skip
    login = await session.platform.request(
        "POST", "/api/authorization/login", json={"username": name, "password": "viewer password"}
    )
    viewer = {"Authorization": f"Bearer {login.json()['access_token']}"}
    workflow_id, order = deployment(session.project_id, manual(text="string"), chain(envs))
    await session.deploy(order, workflow_id)
    run_id = await session.start(workflow_id, text="seen by a viewer")

    async def request(method: str, path: str, **kwargs: object) -> int:
        answer = await session.platform.request(method, path, headers=viewer, **kwargs)
        return answer.status_code

    assert await request("GET", f"/api/runner/runs/{run_id}") == 200
    assert await request("GET", "/api/runner/deployments") == 200
    started = await request(
        "POST", f"/api/runner/workflows/{workflow_id}/runs", json={"inputs": {"text": "x"}}
    )
    assert started == 403
    assert await request("POST", f"/api/runner/runs/{run_id}/cancel") == 403


async def test_forgets_project_workflows_when_project_is_deleted(
    session: Session, envs: dict[str, Path]
) -> None:
    admin = await _admin(session)
    created = await session.platform.request(
        "POST", "/api/authorization/projects", json={"name": f"doomed-{uuid.uuid4().hex[:6]}"},
        headers=admin,
    )  # fmt: skip
    doomed = Session(
        session.platform,
        created.json()["id"],
        await _token_in(session, admin, created.json()["id"]),
        session.deployment_events,
    )
    workflow_id, order = deployment(doomed.project_id, manual(text="string"), chain(envs))
    hook = (await doomed.deploy(order, workflow_id))["webhook_path"]
    first = await session.platform.request("POST", hook, json={"text": "before"})
    assert first.status_code == 202
    await doomed.finished(first.json()["run_id"])
    deleted = await session.platform.request(
        "DELETE", f"/api/authorization/projects/{doomed.project_id}", headers=admin
    )
    assert deleted.status_code == 204

    async def hook_gone() -> bool:
        answer = await session.platform.request("POST", hook, json={"text": "after"})
        return answer.status_code == 404

    await testing.eventually(hook_gone, within=30, step=0.2)
    other = await session.get(f"/api/runner/runs/{first.json()['run_id']}")
    assert other.status_code == 404
