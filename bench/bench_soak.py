"""A distributed soak with faults on a schedule: every run started ends, and latency comes back.

The distributed platform runs on a PostgreSQL cluster and a RabbitMQ node of its own. An open
loop starts RATE runs per second of a 3-step workflow whose action sleeps STEP_SLEEP_MS in a
child process (so executions are in flight when a fault hits), without waiting for them; a
follower lists the Running runs every POLL_S and reads each run that left the list. Faults
(`soak_faults.py`): broker and database restarts (kill -9, back after OUTAGE_S), a runner
kill -9, a wrapper kill every minute. After the load, a settle (45 s, 120 s) for the last runs.

Prints one JSON line: runs started (accepted), completed, failed by stated reason, stuck (not
ended after the settle), lost (accepted, then unknown to the API), starts refused by reason,
the baseline latency (before the first fault) and, per fault, the seconds until the latency
of the runs started after it was back within 1.5 times the baseline p50. Exits 1 when a run is
stuck or lost: a benchmark's verdict, not a test. Distributed only; 30 minutes by default,
140 s of soak with --short.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from common import context
from platforms import METADATA, MODES, Session, action_environment, artefact, chain_version
from soak_faults import MARKER, Injected, Injector, Plan, plan
from soak_report import Start, figures, record

from flowloom.adm.proxy import nginx_binary
from flowloom.adm.seaweed import SeaweedServer
from flowloom.testkit.faults import (
    PrivatePostgres,
    PrivateRabbitMQ,
    postgres_binaries,
    rabbitmq_server_script,
)
from flowloom.testkit.harness import DistributedPlatform

RATE = 3.0  # runs started per second
STEPS = 3
STEP_SLEEP_MS = 400
OUTAGE_S = 10.0
POLL_S = 1.0
RENEW_S = 300.0  # access tokens last 15 minutes
SLEEP_METADATA = METADATA.format(action_id="sleep", inputs="integer", outputs="integer")
# The sleep is a child process named MARKER: the fault injector finds busy wrappers by it.
SLEEP_HANDLER = f"""\
import shutil
import subprocess

SLEEP = shutil.which("sleep")


def handle(inputs):
    seconds = str(inputs["x"] / 1000)
    subprocess.run(["{MARKER}", seconds], executable=SLEEP, check=True)
    return {{"x": inputs["x"]}}
"""


class Soak:
    """The open loop, the follower and the fault schedule over one deployed workflow."""

    def __init__(self, session: Session, workflow_id: str, rate: float) -> None:
        self.session = session
        self.workflow_id = workflow_id
        self.rate = rate
        self.starts: list[Start] = []
        self.injected: list[Injected] = []

    async def load(self, seconds: float) -> None:
        """Start `rate` runs per second on a fixed schedule, whatever the answers."""
        loop = asyncio.get_running_loop()
        begin, tasks = loop.time(), set()
        for i in range(int(seconds * self.rate)):
            await asyncio.sleep(max(0.0, begin + i / self.rate - loop.time()))
            task = asyncio.create_task(self._start())
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)

    async def _start(self) -> None:
        start = Start(datetime.now(UTC))
        self.starts.append(start)
        try:
            start.run_id = await self.session.start_run(self.workflow_id, {"x": STEP_SLEEP_MS})
        except httpx.HTTPStatusError as error:
            start.refused = refusal(error.response)
        except httpx.HTTPError as error:
            start.refused = f"no answer ({type(error).__name__})"

    async def follow(self, stop: asyncio.Event) -> None:
        """Every POLL_S: list the Running runs, read the pending ones not among them."""
        while not stop.is_set():
            with contextlib.suppress(httpx.HTTPError):  # down: the next round asks again
                await self.poll()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), POLL_S)

    async def poll(self) -> None:
        pending = [s for s in self.starts if s.pending]
        if not pending:
            return
        running = {run["id"] for run in await self.session.runs(self.workflow_id, state="Running")}
        for start in pending:
            if start.run_id not in running:
                await self.read(start)

    async def read(self, start: Start, stuck: bool = False) -> None:
        """The run's state from the API; `stuck`: keep its executions' states if Running."""
        try:
            run: dict[str, Any] = await self.session.get(f"/api/runner/runs/{start.run_id}")
        except httpx.HTTPStatusError as error:
            start.missing = error.response.status_code == 404
            return
        start.missing, start.state, start.error = False, run["state"], run["error"]
        if run["ended_at"]:
            start.ended_at = datetime.fromisoformat(run["ended_at"])
        if stuck:
            start.executions = [f"{e['step_id']} {e['state']}" for e in run["executions"]]

    async def settle(self, seconds: float) -> float:
        """Follow until no accepted run is Running (at most `seconds`); then read the rest."""
        loop = asyncio.get_running_loop()
        begin = loop.time()
        while any(s.pending for s in self.starts) and loop.time() - begin < seconds:
            with contextlib.suppress(httpx.HTTPError):
                await self.poll()
            await asyncio.sleep(POLL_S)
        for start in [s for s in self.starts if s.pending]:
            await self.read(start, stuck=True)
        return loop.time() - begin

    async def unacknowledged(self) -> dict[str, int]:
        """Runs the API has that no start was answered with (the answer was lost), by state."""
        known = {s.run_id for s in self.starts}
        runs = await self.session.runs(self.workflow_id)
        found: dict[str, int] = {}
        for run in runs:
            if run["id"] not in known:
                found[run["state"]] = found.get(run["state"], 0) + 1
        return found

    async def inject(self, injector: Injector, schedule: Plan, begin: float) -> None:
        loop = asyncio.get_running_loop()
        for fault in schedule.faults:
            await asyncio.sleep(max(0.0, begin + fault.at_s - loop.time()))
            self.injected.append(await injector.inject(fault.kind))


def refusal(answer: httpx.Response) -> str:
    """Why a start was refused: the status and the problem's title (or the dependency)."""
    try:
        problem = answer.json()
    except ValueError:
        return f"HTTP {answer.status_code}"
    if not isinstance(problem, dict):
        return f"HTTP {answer.status_code}"
    named = problem.get("dependency") or problem.get("title") or problem.get("detail")
    return f"HTTP {answer.status_code} {named}" if named else f"HTTP {answer.status_code}"


async def keep_token(session: Session, stop: asyncio.Event) -> None:
    """A new access token every RENEW_S (a login into the project), retried while it fails."""
    password = session.platform.admin_password()
    body = {"username": "admin", "password": password, "project_id": session.project_id}
    wait = RENEW_S
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), wait)
            return
        wait = 10.0
        with contextlib.suppress(httpx.HTTPError):
            answer = await session.platform.request("POST", "/api/authorization/login", json=body)
            if answer.status_code == 200:
                session.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
                wait = RENEW_S


async def measure(
    platform: DistributedPlatform, injector: Injector, env: Path, schedule: Plan, args: Any
) -> dict[str, Any]:
    session = await Session.open(platform, "soak")
    version = chain_version([artefact("sleep", env)] * STEPS)
    await session.deploy(version)
    soak = Soak(session, version.workflow_id, args.rate)
    stop = asyncio.Event()
    following = asyncio.create_task(soak.follow(stop))
    renewing = asyncio.create_task(keep_token(session, stop))
    begin, loop = datetime.now(UTC), asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(soak.load(schedule.duration_s), soak.inject(injector, schedule, started))
    soaked = loop.time() - started
    stop.set()
    await asyncio.gather(following, renewing)
    settle_s = await soak.settle(schedule.settle_s)
    warmed = begin + timedelta(seconds=schedule.warmup_s)
    if args.record:
        await asyncio.to_thread(write_record, args.record, soak, begin)
    return {
        "steps": STEPS,
        "step_sleep_ms": STEP_SLEEP_MS,
        "rate_per_s": args.rate,
        "soak_s": round(soaked, 1),
        "warmup_s": schedule.warmup_s,
        **figures(soak.starts, soak.injected, begin, warmed),
        "runs_unacknowledged_by_state": await soak.unacknowledged(),
        "settle_s": round(settle_s, 1),
    }


def write_record(path: Path, soak: Soak, begin: datetime) -> None:
    """Every start, then every fault, one JSON object a line."""
    lines = [record(start, begin) for start in soak.starts]
    lines += [{**vars(fault), "at": str(fault.at), "restored": str(fault.restored)}
              for fault in soak.injected]  # fmt: skip
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def keep_logs(folder: Path, sources: list[Path]) -> None:
    """The `*.log` files of each source folder copied into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for log in (log for source in sources for log in source.glob("*.log")):
        shutil.copy(log, folder / log.name)


def missing_tools() -> list[str]:
    found = {
        "PostgreSQL's initdb": postgres_binaries(),
        "rabbitmq-server": rabbitmq_server_script(),
        "nginx": nginx_binary(),
        "bwrap": shutil.which("bwrap"),
    }
    if os.geteuid() == 0:
        found["setpriv (util-linux)"] = shutil.which("setpriv")
    return [name for name, path in found.items() if path is None]


async def main(schedule: Plan, args: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = action_environment(root / "sleep", SLEEP_METADATA, SLEEP_HANDLER)
        postgres, rabbitmq, seaweed = (
            PrivatePostgres(),
            PrivateRabbitMQ(),
            SeaweedServer(root / "s3"),
        )
        try:
            await asyncio.gather(
                asyncio.to_thread(postgres.start), asyncio.to_thread(rabbitmq.start)
            )
            s3 = await asyncio.to_thread(seaweed.start)
            platform = DistributedPlatform(
                root / "platform", s3, postgres_admin_url=postgres.url(), bus_url=rabbitmq.url
            )
            await platform.start()
            try:
                injector = Injector(platform, postgres, rabbitmq, OUTAGE_S)
                return await measure(platform, injector, env, schedule, args)
            finally:
                if args.logs:
                    folders = [root / "platform", postgres.root, rabbitmq.root]
                    await asyncio.to_thread(keep_logs, args.logs, folders)
                # Back up whatever a failure left down: the databases are dropped on it.
                await asyncio.to_thread(postgres.start)
                await asyncio.to_thread(rabbitmq.start)
                await platform.stop()
        finally:
            await asyncio.to_thread(seaweed.stop)
            postgres.cleanup()
            rabbitmq.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="each fault once, 140 s (CI)")
    parser.add_argument("--mode", choices=MODES, help="distributed only: embedded skips")
    parser.add_argument("--duration", type=float, default=1800, help="seconds of soak")
    parser.add_argument("--rate", type=float, default=RATE, help="runs started per second")
    parser.add_argument("--record", type=Path, help="write every start and fault (JSON lines)")
    parser.add_argument("--logs", type=Path, help="copy the services' logs to this folder")
    args = parser.parse_args()
    if args.mode == "embedded":
        print("soak: distributed only (it kills the broker, database and runner processes)")
        sys.exit(0)
    if missing := missing_tools():
        print(f"soak: cannot run without {', '.join(missing)}", file=sys.stderr)
        sys.exit(1)
    # The benchmark's own bus client reconnects after the broker's restart: not news.
    logging.getLogger("aiormq").setLevel(logging.CRITICAL)
    logging.getLogger("aio_pika").setLevel(logging.CRITICAL)
    found = asyncio.run(main(plan(args.duration, args.short), args))
    print(json.dumps({"bench": "soak", "mode": "distributed", **found, **context()}), flush=True)
    sys.exit(1 if found["runs_stuck"] or found["runs_lost"] else 0)
