"""Runs started by hand, by webhook, by a source and by cron: values, files, logs."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from flowloom.runner.infrastructure.messaging.protobuf.runner.v1 import runner_events_pb2
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.testkit import testing

from .builders import artefact, deployment, manual, ref, step, undeployment
from .conftest import Session
from .flows import chain, deployed, sleeping

pytestmark = [pytest.mark.integration, pytest.mark.slow]


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
    download = await session.get(
        f"/api/runner/runs/{run['id']}/files", params={"key": outfile["value"]["key"]}
    )
    lifetime = parse_qs(urlsplit(download.headers["location"]).query)["X-Amz-Expires"]
    assert lifetime == ["300"]  # DOWNLOAD_URL_SECONDS: five minutes by default
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


async def test_answers_ended_run_when_start_waits(session: Session, envs: dict[str, Path]) -> None:
    workflow_id = await deployed(session, manual(text="string"), chain(envs))
    answer = await session.post(
        f"/api/runner/workflows/{workflow_id}/runs",
        params={"wait": "30"},
        json={"inputs": {"text": "waited"}},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["state"] == "Completed"
    run = (await session.get(f"/api/runner/runs/{answer.json()['run_id']}")).json()
    assert run["state"] == "Completed"
    assert {e["state"] for e in run["executions"]} == {"Success"}
    started = await session.post(
        f"/api/runner/workflows/{workflow_id}/runs", json={"inputs": {"text": "no wait"}}
    )
    assert started.json()["state"] is None


async def test_starts_one_run_per_event_when_source_emits(
    session: Session, envs: dict[str, Path]
) -> None:
    trigger = pb.Trigger(action=pb.ActionTrigger(action=artefact("emit3", envs)))
    steps = [step("writer", "writer", envs, {"text": ref("trigger.text")})]
    workflow_id = await deployed(session, trigger, steps)

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
    workflow_id = await deployed(session, trigger, steps)

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


async def test_stores_uploaded_file_when_manual_run_is_a_form(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [step("reader", "reader", envs, {"file": ref("trigger.doc")})]
    workflow_id = await deployed(session, manual(doc="file"), steps)
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
    run_id = await sleeping(session, envs, 1.5)
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
