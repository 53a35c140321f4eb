"""Two runner processes on one PostgreSQL database: the second waits as a standby (not ready,
refusing the API with a 503 problem) while the first holds the lease, and takes over when the
first is killed -9 mid-load: the runs in flight and the runs started after all complete, none
stuck, none lost (a step running on the killed runner is retried, as its policy says)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.testkit import testing
from flowloom.testkit.harness import DistributedPlatform

from .builders import deployment, manual, step

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ENDED = {"Completed", "Error", "Canceled"}


@pytest.fixture(scope="module")
async def platform(
    tmp_path_factory: pytest.TempPathFactory, s3: S3Endpoint
) -> AsyncIterator[DistributedPlatform]:
    started = DistributedPlatform(tmp_path_factory.mktemp("standby"), s3)
    await started.start()
    try:
        yield started
    finally:
        await started.stop()


async def call(url: str, method: str, path: str, token: str, **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        headers = {"Authorization": f"Bearer {token}"}
        return await client.request(method, path, headers=headers, **kwargs)


async def runs_of(url: str, token: str, workflow_id: str) -> dict[str, str]:
    params = {"workflow_id": workflow_id, "limit": 100}
    page = (await call(url, "GET", "/api/runner/runs", token, params=params)).json()
    assert page["next_cursor"] is None
    return {run["id"]: run["state"] for run in page["items"]}


async def test_a_second_runner_waits_as_a_standby_and_takes_over_when_the_first_is_killed(
    platform: DistributedPlatform, envs: dict[str, Path]
) -> None:
    project_id, token = await platform.project_token("standby")
    first = platform.service_url("runner")
    second = await platform.start_second_runner()

    ready = await call(second, "GET", "/api/runner/readyz", token)
    assert ready.status_code == 503
    assert ready.headers["content-type"] == "application/problem+json"
    assert ready.json()["dependency"] == "lease"
    assert "retry-after" in ready.headers
    health = (await call(second, "GET", "/api/runner/healthz", token)).json()
    assert health["status"] == "degraded"
    assert health["checks"]["lease"] == {"status": "down", "detail": "Standby"}
    refused = await call(second, "GET", "/api/runner/runs", token)
    assert refused.status_code == 503
    assert refused.json()["dependency"] == "lease"
    assert (await call(first, "GET", "/api/runner/readyz", token)).json() == {"status": "active"}

    # Two attempts: a step running when its runner dies is retried (its policy), not failed.
    sleepy = [
        step(name, "sleeper", envs, {"seconds": 1.0}, attempts=2) for name in ("first", "then")
    ]
    sleepy[1].needs.append("first")
    workflow_id, order = deployment(project_id, manual(), sleepy)
    await platform.publish(order)

    async def deployed() -> bool:
        answer = await call(first, "GET", f"/api/runner/deployments/{workflow_id}", token)
        return answer.status_code == 200 and answer.json()["state"] == "Deployed"

    await testing.eventually(deployed, within=60, step=0.2)
    accepted = []
    for _ in range(8):
        answer = await call(first, "POST", f"/api/runner/workflows/{workflow_id}/runs", token)
        assert answer.status_code == 201, answer.text
        accepted.append(answer.json()["run_id"])

    async def some_running() -> bool:
        return "Running" in (await runs_of(first, token, workflow_id)).values()

    await testing.eventually(some_running, within=60, step=0.2)
    in_flight = sum(s == "Running" for s in (await runs_of(first, token, workflow_id)).values())
    killed = time.monotonic()
    await platform.kill_service("runner")

    async def taken_over() -> bool:
        return (await call(second, "GET", "/api/runner/readyz", token)).status_code == 200

    await testing.eventually(taken_over, within=60, step=0.1)
    takeover = time.monotonic() - killed
    for _ in range(4):
        answer = await call(second, "POST", f"/api/runner/workflows/{workflow_id}/runs", token)
        assert answer.status_code == 201, answer.text
        accepted.append(answer.json()["run_id"])

    async def settled() -> bool:
        states = await runs_of(second, token, workflow_id)
        return all(states.get(run_id) in ENDED for run_id in accepted)

    await testing.eventually(settled, within=180, step=1.0)
    states = await runs_of(second, token, workflow_id)
    print(
        f"{len(accepted)} runs ({in_flight} running when the first runner was killed), "
        f"taken over in {takeover:.1f} s: {sorted(states.values())}"
    )
    assert sorted(states) == sorted(accepted)  # none lost, none started twice
    assert set(states.values()) == {"Completed"}
