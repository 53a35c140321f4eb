"""Conditions cannot freeze the platform: limits at deploy time, a time budget at run time.

In embedded mode every service shares the test's event loop: a condition evaluated on it would
stop the health check (and everything else) until it ends.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import httpx
import pytest

from flowloom.testkit.harness import Platform

from .builders import deployment, manual, ref, step
from .conftest import Session
from .flows import chain, deployed

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# Like the condition that blocked the embedded platform for 157 s: 190 characters, six nested
# comprehensions over ten elements (10^6 evaluations of the innermost term).
HOSTILE = "true"
for _name in "abcdef":
    HOSTILE = f"[0,1,2,3,4,5,6,7,8,9].all({_name}, {HOSTILE} )"
# Within every limit (2 comprehensions, 4 operators, 3600 bytes), yet 810,000 evaluations:
# about a minute of CPU, far past the runner's default budget of 5 s.
SLOW = "[{0}].all(a, [{0}].all(b, a + b >= 0))".format(",".join(["1"] * 900))


def health_latencies(platform: Platform, stop: threading.Event) -> list[float]:
    """``GET /api/runner/healthz`` every 0.25 s until ``stop``: how long each call took."""
    path = "/api/runner/healthz"
    latencies: list[float] = []
    with httpx.Client(base_url=platform.base_url(path), timeout=600) as client:
        while not stop.is_set():
            began = time.perf_counter()
            response = client.get(path)
            latencies.append(time.perf_counter() - began)
            assert response.status_code == 200, response.text
            stop.wait(0.25)
    return latencies


async def test_rejects_deployment_naming_the_limit_when_a_condition_exceeds_one(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = chain(envs)
    steps[1] = step("reader", "reader", envs, {"file": ref("writer.outfile")}, when=HOSTILE)
    workflow_id, order = deployment(session.project_id, manual(text="string"), steps)
    found = await session.deploy(order, workflow_id, state="Error")
    assert (
        "the condition nests 6 comprehensions (all, exists, exists_one, filter, map) in one "
        "another: the limit is 2" in found["message"]
    )


async def test_fails_step_and_keeps_answering_health_checks_when_a_condition_is_slow(
    session: Session, envs: dict[str, Path]
) -> None:
    steps = chain(envs)
    steps[0] = step("writer", "writer", envs, {"text": ref("trigger.text")}, when=SLOW)
    workflow_id = await deployed(session, manual(text="string"), steps)
    # From a thread: in embedded mode the test's client shares the platform's event loop, so
    # it could not even send a request while the loop was blocked.
    stop = threading.Event()
    health = asyncio.create_task(asyncio.to_thread(health_latencies, session.platform, stop))
    try:
        run = await session.finished(await session.start(workflow_id, text="x"))
    finally:
        stop.set()
        latencies = await health

    print(
        f"{session.platform.mode}: GET /api/runner/healthz while a condition ran: "
        f"{len(latencies)} calls, max {max(latencies) * 1000:.1f} ms, "
        f"median {sorted(latencies)[len(latencies) // 2] * 1000:.1f} ms"
    )
    writer = next(e for e in run["executions"] if e["step_id"] == "writer")
    assert (run["state"], writer["state"]) == ("Error", "Error")
    assert "the condition took longer than 5 s" in writer["message"]
    assert len(writer["message"]) < 300  # the 3.6 kB condition is cut, not repeated whole
    assert len(latencies) >= 10  # the budget (5 s) passed while polling
    # Evaluated on the event loop, a call would wait for the whole budget (5 s); a loaded
    # machine alone gives 0.1 s now and then, so the bound is well between the two.
    assert max(latencies) < 1.0
