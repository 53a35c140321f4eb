"""The local action deployer: warm wrapper processes on this host, a pool per deployment."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import KW_ONLY, dataclass, field

from flowloom.runner.domain.errors import ActionStartFailed
from flowloom.runner.domain.invocation import ActionDeployment, ActionHandle
from flowloom.runner.domain.ports import ActionDeployer
from flowloom.runner.infrastructure.deployer.artefacts import ArtefactResolver, LocalArtefacts
from flowloom.runner.infrastructure.deployer.launcher import WrapperLauncher
from flowloom.runner.infrastructure.deployer.pool import ActionPool
from flowloom.runner.infrastructure.deployer.process import WrapperProcess, WrapperStartError
from flowloom.runner.infrastructure.grpc.values import init_request

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Lease:
    """A wrapper reserved by ``ensure`` until ``release``."""

    deployment: ActionDeployment
    pool: ActionPool
    wrapper: WrapperProcess


@dataclass(eq=False)
class LocalActionDeployer(ActionDeployer):
    """Runs each action in `flowloom-action-wrapper` processes started from its environment.

    ``start`` runs a background check every ``check_interval`` seconds: idle wrappers past
    ``idle_timeout`` stop, and a busy wrapper whose resident memory exceeds its action's
    ``resources.memory_bytes`` is killed (its execution fails naming the limit). A wrapper
    that died is replaced on the next ``ensure``. ``wrapper(handle)`` is how the gRPC
    invoker and the trigger supervisor reach a leased wrapper. ``launcher`` starts each
    wrapper (in its sandbox; see `launcher.py`); it refuses every start, with its reason,
    where the sandbox cannot be made and no operator allowed wrappers without one.
    """

    artefacts: ArtefactResolver = field(default_factory=LocalArtefacts)
    _: KW_ONLY
    concurrency: int = 4
    idle_timeout: float = 300.0
    start_timeout: float = 30.0
    check_interval: float = 0.5
    launcher: WrapperLauncher = field(default_factory=WrapperLauncher)
    _pools: dict[str, ActionPool] = field(init=False, default_factory=dict)
    # Drained pools with wrappers still busy.
    _retired: set[ActionPool] = field(init=False, default_factory=set)
    _creating: defaultdict[str, asyncio.Lock] = field(
        init=False, default_factory=lambda: defaultdict(asyncio.Lock)
    )
    _leases: dict[str, Lease] = field(init=False, default_factory=dict)
    _watch: asyncio.Task[None] | None = field(init=False, default=None)

    async def ensure(self, deployment: ActionDeployment) -> ActionHandle:
        problem = self.launcher.policy.problem()
        if problem:
            raise ActionStartFailed(problem)
        pool = await self._pool(deployment)
        try:
            wrapper = await pool.acquire()
        except WrapperStartError as error:
            raise ActionStartFailed(str(error)) from None
        instance_id = uuid.uuid4().hex
        self._leases[instance_id] = Lease(deployment, pool, wrapper)
        return ActionHandle(deployment.key, wrapper.address, instance_id)

    async def release(self, handle: ActionHandle) -> None:
        lease = self._leases.pop(handle.instance_id, None)
        if lease is None:
            return
        await lease.pool.give_back(lease.wrapper)
        if lease.pool in self._retired and lease.pool.size == 0:
            self._retired.discard(lease.pool)

    async def stop_workflow(self, workflow_id: str, keep: Collection[str] = ()) -> None:
        """Retire the workflow's pools but ``keep``: a later ``ensure`` starts a fresh pool."""
        prefix = f"{workflow_id}/"
        for key in [key for key in self._pools if key.startswith(prefix) and key not in keep]:
            pool = self._pools.pop(key)
            await pool.drain()
            if pool.size:
                self._retired.add(pool)

    def wrapper(self, handle: ActionHandle) -> WrapperProcess | None:
        """The wrapper leased under ``handle``, if the lease is still held."""
        lease = self._leases.get(handle.instance_id)
        return lease.wrapper if lease else None

    async def start(self) -> None:
        """Start the background check (idle timeouts, memory limits); say loudly, once, when
        actions cannot start here or run without a sandbox."""
        problem = self.launcher.policy.problem()
        if problem:
            log.error("%s", problem)
        elif not self.launcher.sandboxed:
            log.warning(
                "bubblewrap (bwrap) is not installed: actions run WITHOUT a sandbox, with the "
                "runner's rights (FLOWLOOM_RUNNER_ALLOW_UNSANDBOXED=1)"
            )
        if self._watch is None:
            self._watch = asyncio.create_task(self._watch_loop(), name="action-deployer-watch")

    async def stop(self) -> None:
        """Stop the background check; wrappers keep running."""
        task, self._watch = self._watch, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def close(self) -> None:
        """Stop the background check and every wrapper, busy ones included."""
        await self.stop()
        pools = [*self._pools.values(), *self._retired]
        self._pools.clear()
        self._retired.clear()
        self._leases.clear()
        await asyncio.gather(*(pool.close() for pool in pools))
        await self.launcher.close()

    async def _pool(self, deployment: ActionDeployment) -> ActionPool:
        key = deployment.key
        async with self._creating[key]:
            pool = self._pools.get(key)
            if pool is None:
                env = await self.artefacts.environment(deployment.action.artefact)
                pool = ActionPool(
                    functools.partial(self.launcher.launch, env, deployment.project_id),
                    init_request(deployment.action),
                    # Unsandboxed wrappers share the host's /tmp: never side by side.
                    concurrency=self.concurrency if self.launcher.sandboxed else 1,
                    idle_timeout=self.idle_timeout,
                    start_timeout=self.start_timeout,
                )
                self._pools[key] = pool
            return pool

    async def _watch_loop(self) -> None:
        while True:
            await asyncio.sleep(self.check_interval)
            try:
                await self._enforce_memory_limits()
                for pool in list(self._pools.values()):
                    await pool.reap_idle()
            except Exception:  # keep watching: one bad check must not end supervision
                log.exception("the action deployer's check failed")

    async def _enforce_memory_limits(self) -> None:
        for lease in list(self._leases.values()):
            limit = lease.deployment.action.resources.memory_bytes
            wrapper = lease.wrapper
            if limit and wrapper.alive and wrapper.resident_bytes() > limit:
                log.warning("killing a wrapper of %s above %d bytes", lease.deployment.key, limit)
                await wrapper.kill(memory_limit_message(limit))


def memory_limit_message(limit: int) -> str:
    return f"action exceeded its memory limit of {max(1, round(limit / 2**20))} MiB"
