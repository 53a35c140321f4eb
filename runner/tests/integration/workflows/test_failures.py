"""Conditions, retries, timeouts, cancels, RyaxException, wrong types, crashes, restarts."""

from __future__ import annotations

import itertools
import json
import uuid
from pathlib import Path

import httpx
import pytest

from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.testkit import testing

from .builders import deployment, manual, ref, step
from .conftest import Session
from .flows import chain, deployed, first_step_running, kill_wrapper_of, sleeping

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_skips_step_and_its_descendants_when_condition_is_false(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = chain(envs)
    steps[0] = step("writer", "writer", envs, {"text": ref("trigger.text")},
                    when="trigger.outputs.text != 'skip'")  # fmt: skip
    workflow_id = await deployed(session, manual(text="string"), steps)
    run = await session.finished(await session.start(workflow_id, text="skip"))
    assert (run["state"], run["error"]) == ("Completed", None), run["executions"]
    assert {e["step_id"]: e["state"] for e in run["executions"]} == {
        "writer": "Skipped", "reader": "Skipped", "publish": "Skipped",
    }  # fmt: skip


def flaky_step(envs: dict[str, Path], failures: int, **retry: float) -> pb.Step:
    """The flaky step: its first ``failures`` attempts fail, retried as ``retry`` says. It
    counts its attempts in its sandbox's own /tmp, which stays while its wrapper lives
    (attempts follow each other on the same warm wrapper)."""
    marker = f"/tmp/flaky-{uuid.uuid4().hex}"
    return step("flaky", "flaky", envs, {"failures": failures, "marker": marker}, **retry)


async def test_retries_until_success_when_step_fails_transiently(
    session: Session, envs: dict[str, Path], tmp_path: Path
) -> None:
    steps = [flaky_step(envs, failures=2, attempts=3, backoff=0.2)]
    workflow_id = await deployed(session, manual(), steps)
    run = await session.finished(await session.start(workflow_id))
    flaky = run["executions"][0]
    assert (run["state"], flaky["state"], flaky["attempt"]) == ("Completed", "Success", 3)
    assert flaky["outputs"]["attempts"]["value"] == 3


async def test_fails_run_with_step_message_when_retries_run_out(
    session: Session, envs: dict[str, Path], tmp_path: Path
) -> None:
    steps = [
        flaky_step(envs, failures=5, attempts=2),
        step("publish", "publish", envs, {"content": "never"}),
    ]
    steps[1].needs.append("flaky")
    workflow_id = await deployed(session, manual(), steps)
    run = await session.finished(await session.start(workflow_id))
    states = {e["step_id"]: (e["state"], e["attempt"]) for e in run["executions"]}
    assert run["state"] == "Error"
    assert states == {"flaky": ("Error", 2), "publish": ("Canceled", 1)} or states == {
        "flaky": ("Error", 2), "publish": ("Canceled", 0),
    }  # fmt: skip
    assert "ValueError: attempt 2 fails" in run["error"]


async def test_keeps_every_attempt_with_its_traceback_and_logs_when_a_step_is_retried(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [flaky_step(envs, failures=5, attempts=3, backoff=0.1)]
    workflow_id = await deployed(session, manual(), steps)
    run = await session.finished(await session.start(workflow_id))
    flaky = run["executions"][0]
    attempts = flaky["attempts"]
    assert (run["state"], flaky["attempt"]) == ("Error", 3)
    assert [(a["number"], a["state"]) for a in attempts] == [(n, "Error") for n in (1, 2, 3)]
    for number, attempt in enumerate(attempts, start=1):
        assert f"ValueError: attempt {number} fails" in attempt["error"]
        assert 'ryax_handler.py", line ' in attempt["traceback"], attempt["traceback"]
        assert f"ValueError: attempt {number} fails" in attempt["traceback"]
        assert attempt["started_at"] <= attempt["ended_at"]
    assert all(a["ended_at"] <= b["started_at"] for a, b in itertools.pairwise(attempts))
    assert await session.logs(run, "flaky", attempt=2) == ["attempt 2 starts"]
    every = await session.logs(run, "flaky")
    assert every == [f"attempt {n} starts" for n in (1, 2, 3)]
    stream = f"/api/runner/runs/{run['id']}/executions/{flaky['id']}/logs/stream?attempt=3"
    async with httpx.AsyncClient(timeout=60) as client:
        answer = await client.get(
            session.platform.base_url(stream) + stream, headers=session.headers
        )
    data = [line[5:].strip() for line in answer.text.splitlines() if line.startswith("data:")]
    assert [json.loads(d).get("line") for d in data] == ["attempt 3 starts", None]  # then end


async def test_times_out_step_when_it_runs_too_long(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = [step("sleeper", "sleeper", envs, {"seconds": 30.0}, timeout=1.0)]
    workflow_id = await deployed(session, manual(), steps)
    run = await session.finished(await session.start(workflow_id), within=30)
    assert run["state"] == "Error"
    assert "timed out after 1" in run["executions"][0]["message"]


async def test_cancels_running_step_when_run_is_canceled(
    session: Session, envs: dict[str, Path]
) -> None:
    run_id = await sleeping(session, envs, 30.0)
    await first_step_running(session, run_id, poll=0.1)
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


async def test_sync_webhook_answers_502_with_the_error_when_the_run_fails(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = deployment(session.project_id, manual(), [step("w", "wrongtype", envs)])
    hook = (await session.deploy(order, workflow_id))["webhook_path"]
    answer = await session.platform.request("POST", hook, params={"sync": "true"}, json={})
    assert answer.status_code == 502, answer.text
    assert answer.json()["state"] == "Error"
    assert "count" in answer.json()["error"]


async def test_fails_step_naming_output_when_handler_returns_wrong_type(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id = await deployed(session, manual(), [step("w", "wrongtype", envs)])
    run = await session.finished(await session.start(workflow_id))
    assert run["state"] == "Error"
    assert "count" in run["executions"][0]["message"]
    assert "integer" in run["executions"][0]["message"]


async def test_retries_step_when_wrapper_is_killed_mid_execution(
    session: Session, envs: dict[str, Path]
) -> None:
    run_id = await sleeping(session, envs, 3.0, attempts=2)
    await first_step_running(session, run_id, poll=0.05)
    killed = kill_wrapper_of(envs["sleeper"])
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
    workflow_id = await deployed(session, manual(), steps)
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
