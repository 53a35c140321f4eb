"""The soak's faults: when each is injected, and how (kill -9, then what restarts it).

broker and database: the platform's own RabbitMQ node and PostgreSQL cluster (never the
machine's shared ones) killed with SIGKILL, started again `outage_s` later on the same data.
runner: SIGKILL of `flowloom-runner` (its sandboxed wrappers die with it), then the harness
starts it again. wrapper: SIGKILL of the process tree of one wrapper while it runs an
execution (found by the `sleep` child the soak's action starts, named MARKER).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from dataclasses import dataclass
from datetime import UTC, datetime

from flowloom.servicekit.processes import PROC, command_line, parent
from flowloom.testkit.faults import PrivatePostgres, PrivateRabbitMQ
from flowloom.testkit.faults.processes import descendants, wait_gone
from flowloom.testkit.harness import DistributedPlatform

MARKER = "flowloom-soak-step"  # argv[0] of the action's sleep: an execution in flight
KINDS = ("broker", "database", "runner", "wrapper")
FIND_WRAPPER_S = 10.0  # how long to look for a wrapper that runs an execution


@dataclass(frozen=True)
class Fault:
    at_s: float  # from the start of the soak
    kind: str


@dataclass(frozen=True)
class Plan:
    duration_s: float
    warmup_s: float  # runs started before are counted, their latency is not the baseline's
    settle_s: float  # after the load, at most this long for the last runs to end
    faults: tuple[Fault, ...]


def plan(duration_s: float, short: bool) -> Plan:
    """`--short`: each fault once in 140 s. Otherwise a wrapper kill every minute from 120 s
    on, and the broker, the runner and the database each once, at the half minutes nearest a
    quarter, a half and three quarters of the duration (between two wrapper kills).

    The database comes last: a runner restart fails the attempts it finds Running, so one
    after the database's would end the runs that restart left stuck, and hide them."""
    if short:
        faults = [(30, "broker"), (60, "wrapper"), (75, "runner"), (105, "database")]
        return Plan(140, 10, 45, tuple(Fault(at, kind) for at, kind in faults))
    if duration_s < 300:
        raise SystemExit("--duration: at least 300 s (or --short)")
    wrappers = {float(at): "wrapper" for at in range(120, int(duration_s) - 59, 60)}
    others = {
        (duration_s * share // 60) * 60 + 30: kind
        for share, kind in ((0.25, "broker"), (0.5, "runner"), (0.75, "database"))
    }
    ordered = sorted({**wrappers, **others}.items())
    return Plan(duration_s, 30, 120, tuple(Fault(at, kind) for at, kind in ordered))


@dataclass
class Injected:
    kind: str
    at: datetime  # the kill
    restored: datetime  # what was killed serves again (the restart returned)
    detail: str


class Injector:
    def __init__(
        self,
        platform: DistributedPlatform,
        postgres: PrivatePostgres,
        rabbitmq: PrivateRabbitMQ,
        outage_s: float,
    ) -> None:
        self._platform = platform
        self._postgres = postgres
        self._rabbitmq = rabbitmq
        self._outage_s = outage_s

    async def inject(self, kind: str) -> Injected:
        if kind == "wrapper":
            return await self._kill_wrapper()
        at = datetime.now(UTC)
        if kind == "runner":
            await self._platform.restart_runner(crash=True)
            detail = "kill -9 of flowloom-runner, started again by the harness"
        else:
            node = self._rabbitmq if kind == "broker" else self._postgres
            await asyncio.to_thread(node.kill)
            await asyncio.sleep(self._outage_s)
            await asyncio.to_thread(node.start)
            detail = f"kill -9, started again after {self._outage_s:g} s"
        return Injected(kind, at, datetime.now(UTC), detail)

    async def _kill_wrapper(self) -> Injected:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + FIND_WRAPPER_S
        while (found := busy_wrapper(runner_pid(self._platform))) is None:
            if loop.time() > deadline:
                now = datetime.now(UTC)
                return Injected("wrapper", now, now, "no wrapper ran an execution: none killed")
            await asyncio.sleep(0.05)
        at = datetime.now(UTC)
        tree = [found, *descendants(found)]
        for pid in tree:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        await asyncio.to_thread(wait_gone, tree, 30)
        detail = f"kill -9 of a wrapper's tree ({len(tree)} processes) during an execution"
        return Injected("wrapper", at, datetime.now(UTC), detail)


def runner_pid(platform: DistributedPlatform) -> int:
    for pid in platform.pids():
        if any(part.endswith("flowloom-runner") for part in command_line(pid)[:2]):
            return pid
    raise RuntimeError("flowloom-runner is not among the platform's processes")


def busy_wrapper(runner: int) -> int | None:
    """The runner's child (the wrapper's sandbox) above a running MARKER process, if any."""
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or command_line(int(entry.name))[:1] != [MARKER]:
            continue
        below, above = int(entry.name), parent(int(entry.name))
        while above not in (None, 0, 1, runner):
            below, above = above, parent(above)
        if above == runner:
            return below
    return None
