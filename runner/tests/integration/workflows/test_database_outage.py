"""The distributed platform on a PostgreSQL cluster of its own, killed -9 while runs are in
flight and restarted: every run it accepted ends, each for its own reason (here: Completed),
none stays Running, none is lost. Also with the runner killed -9 during the outage."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.testkit import testing
from flowloom.testkit.faults import PrivatePostgres, postgres_binaries
from flowloom.testkit.harness import DistributedPlatform

from .builders import deployment, manual, step

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

STEP_SECONDS = 1.0  # each of a run's two steps sleeps this long in its action
SETTLE_SECONDS = 180  # every run ends within this once the database is back


@dataclass
class Outage:
    platform: DistributedPlatform
    postgres: PrivatePostgres
    project_id: str
    headers: dict[str, str]
    envs: dict[str, Path]

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        return await self.platform.request(method, path, headers=self.headers, **kwargs)

    async def deploy(self, *, attempts: int = 1, wait: bool = True) -> str:
        """A workflow of two sleeping steps (one action), deployed through the bus."""
        first = step("first", "sleeper", self.envs, {"seconds": STEP_SECONDS}, attempts=attempts)
        then = step("then", "sleeper", self.envs, {"seconds": STEP_SECONDS}, attempts=attempts)
        then.needs.append("first")
        workflow_id, order = deployment(self.project_id, manual(), [first, then])
        await self.platform.publish(order)
        if wait:
            await self.deployed(workflow_id, within=60)
        return workflow_id

    async def deployed(self, workflow_id: str, within: float) -> None:
        async def live() -> bool:
            answer = await self.call("GET", f"/api/runner/deployments/{workflow_id}")
            return answer.status_code == 200 and answer.json()["state"] == "Deployed"

        await testing.eventually(live, within=within, step=0.2)

    async def runs(self, workflow_id: str) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        cursor: str | None = None
        while True:
            params = {
                "workflow_id": workflow_id,
                "limit": 100,
                **({"cursor": cursor} if cursor else {}),
            }
            page = (await self.call("GET", "/api/runner/runs", params=params)).json()
            found |= {run["id"]: run for run in page["items"]}
            cursor = page["next_cursor"]
            if cursor is None:
                return found


@dataclass
class Load:
    """Runs asked for: the ids of those accepted (201), the statuses of those refused."""

    accepted: list[str] = field(default_factory=list)
    refused: Counter[int] = field(default_factory=Counter)

    async def submit(self, outage: Outage, workflow_id: str) -> None:
        answer = await outage.call("POST", f"/api/runner/workflows/{workflow_id}/runs", json={})
        if answer.status_code == 201:
            self.accepted.append(answer.json()["run_id"])
            return
        self.refused[answer.status_code] += 1
        assert answer.status_code == 503, answer.text  # the database is down: retry later
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["dependency"] == "database", answer.text
        assert "retry-after" in answer.headers

    async def keep_submitting(self, outage: Outage, workflow_id: str, every: float) -> None:
        while True:
            await self.submit(outage, workflow_id)
            await asyncio.sleep(every)


@dataclass
class Census:
    """What became of the runs of a workflow once things settled."""

    started: int
    completed: int
    failed: dict[str, str]  # run id -> its error
    stuck: list[str]  # Running after the settle time
    lost: list[str]  # accepted, yet not there
    unasked: list[str]  # there, though their request was refused (a commit whose answer was lost)

    def __str__(self) -> str:
        return (
            f"started {self.started}, completed {self.completed}, failed {len(self.failed)} "
            f"{self.failed}, stuck {len(self.stuck)}, lost {len(self.lost)}, "
            f"refused-yet-stored {len(self.unasked)}"
        )


async def census(outage: Outage, workflow_id: str, load: Load) -> Census:
    ended = {"Completed", "Error", "Canceled"}

    async def settled() -> bool:
        runs = await outage.runs(workflow_id)
        return all(runs.get(run_id, {}).get("state") in ended for run_id in load.accepted) and all(
            run["state"] in ended for run in runs.values()
        )

    with contextlib.suppress(AssertionError):  # what has not ended is counted below
        await testing.eventually(settled, within=SETTLE_SECONDS, step=1.0)
    runs = await outage.runs(workflow_id)
    return Census(
        started=len(load.accepted),
        completed=sum(run["state"] == "Completed" for run in runs.values()),
        failed={
            i: run["error"] for i, run in runs.items() if run["state"] in ("Error", "Canceled")
        },
        stuck=[i for i, run in runs.items() if run["state"] == "Running"],
        lost=[i for i in load.accepted if i not in runs],
        unasked=[i for i in runs if i not in load.accepted],
    )


async def steps_running(outage: Outage, workflow_id: str, at_least: int) -> None:
    """Wait until ``at_least`` steps of the workflow's runs run at once."""

    async def running() -> bool:
        count = 0
        for run_id, run in (await outage.runs(workflow_id)).items():
            if run["state"] == "Running":
                detail = (await outage.call("GET", f"/api/runner/runs/{run_id}")).json()
                count += sum(e["state"] == "Running" for e in detail["executions"])
        return count >= at_least

    await testing.eventually(running, within=60, step=0.2)


@pytest.fixture(scope="module")
async def outage(
    tmp_path_factory: pytest.TempPathFactory, s3: S3Endpoint, envs: dict[str, Path]
) -> AsyncIterator[Outage]:
    binaries = postgres_binaries()
    testing.require_program("PostgreSQL's initdb", str(binaries) if binaries else None)
    if os.geteuid() == 0:
        testing.require_program("setpriv (util-linux)", shutil.which("setpriv"))
    postgres = PrivatePostgres()
    try:
        await asyncio.to_thread(postgres.start)
        platform = DistributedPlatform(
            tmp_path_factory.mktemp("database-outage"), s3, postgres_admin_url=postgres.url()
        )
        await platform.start()
        try:
            project_id, token = await platform.project_token("database-outage")
            headers = {"Authorization": f"Bearer {token}"}
            yield Outage(platform, postgres, project_id, headers, envs)
        finally:
            postgres.start()  # the databases are dropped on it
            await platform.stop()
    finally:
        postgres.cleanup()


@dataclass
class Through:
    """A load run through an outage: its census, how long the runs took to end once the
    database was back, and a workflow whose deployment order came during the outage."""

    census: Census
    load: Load
    settled: float
    late_workflow: str


async def run_through_outage(outage: Outage, seconds: float) -> Through:
    """A load of runs, PostgreSQL killed -9 for ``seconds`` while steps start and end, then
    restarted; a deployment order sent during the outage."""
    workflow_id = await outage.deploy()
    load = Load()
    for _ in range(12):
        await load.submit(outage, workflow_id)
    await steps_running(outage, workflow_id, at_least=3)
    late_workflow = ""
    await asyncio.to_thread(outage.postgres.kill)
    try:
        during = asyncio.create_task(load.keep_submitting(outage, workflow_id, every=0.5))
        late_workflow = await outage.deploy(wait=False)  # consumed while the database is down
        await asyncio.sleep(seconds)
        during.cancel()
        await asyncio.gather(during, return_exceptions=True)
    finally:
        await asyncio.to_thread(outage.postgres.start)
    back = time.monotonic()
    for _ in range(4):  # new runs work again
        await load.submit(outage, workflow_id)
    found = await census(outage, workflow_id, load)
    return Through(found, load, time.monotonic() - back, late_workflow)


async def assert_nothing_stuck(outage: Outage, through: Through) -> None:
    found, load = through.census, through.load
    log = (outage.platform.data_dir / "runner.log").read_text(errors="replace")
    print(
        f"{found}; refused {dict(load.refused)}; all ended {through.settled:.0f} s after; "
        f"runner log so far: {log.count('the database is unreachable')} outage warnings"
    )
    assert found.lost == [], str(found)
    assert found.stuck == [], str(found)
    assert found.failed == {}, str(found)  # healthy actions: none fails for its own reason
    assert found.completed == found.started + len(found.unasked), str(found)
    assert set(load.refused) <= {503}, load.refused
    assert load.refused[503] > 0  # the outage was real: the API said so
    if through.late_workflow:  # its order was consumed during the outage, not dead-lettered
        await outage.deployed(through.late_workflow, within=60)


async def test_leaves_nothing_stuck_when_database_is_down_for_10_seconds(outage: Outage) -> None:
    print("10 s outage: ", end="")
    await assert_nothing_stuck(outage, await run_through_outage(outage, 10))


@pytest.mark.parametrize("seconds", [30, 90])
async def test_leaves_nothing_stuck_when_database_is_down_longer(
    outage: Outage, seconds: int
) -> None:
    print(f"{seconds} s outage: ", end="")
    await assert_nothing_stuck(outage, await run_through_outage(outage, seconds))


def journal_held(data_dir: Path) -> int:
    """Outcomes the runner's journal holds (hold lines not released)."""
    path = data_dir / "runner" / "outcome-journal"
    held: set[str] = set()
    for line in path.read_text().splitlines() if path.exists() else []:
        entry = json.loads(line)
        held.add(entry["hold"]) if "hold" in entry else held.discard(entry["release"])
    return len(held)


async def test_keeps_finished_steps_when_runner_is_killed_during_the_outage(
    outage: Outage,
) -> None:
    workflow_id = await outage.deploy()  # one attempt a step: a step lost would be an Error
    load = Load()
    for _ in range(8):
        await load.submit(outage, workflow_id)
    await steps_running(outage, workflow_id, at_least=3)
    await asyncio.to_thread(outage.postgres.kill)
    try:
        await load.submit(outage, workflow_id)  # refused: 503
        await asyncio.sleep(STEP_SECONDS + 3)  # the running steps end; none can start
        held = journal_held(outage.platform.data_dir)
        await outage.platform.kill_service("runner")
    finally:
        await asyncio.to_thread(outage.postgres.start)
    back = time.monotonic()
    await outage.platform.restart_service("runner")
    found = await census(outage, workflow_id, load)
    print(f"runner killed -9 during the outage, {held} outcome(s) in its journal: ", end="")
    await assert_nothing_stuck(outage, Through(found, load, time.monotonic() - back, ""))
    assert held >= 3
    for run_id in load.accepted:  # every step ran once: none was lost and run again
        run = (await outage.call("GET", f"/api/runner/runs/{run_id}")).json()
        assert [e["attempt"] for e in run["executions"]] == [1, 1], run
