"""The local deployer with real wrapper processes: warm reuse, limits, reaping, failures."""

from __future__ import annotations

import asyncio
import os
import signal
from dataclasses import replace
from pathlib import Path

import pytest

from flowloom.runner.domain.errors import ActionStartFailed
from flowloom.runner.domain.invocation import ActionHandle, Succeeded
from flowloom.runner.domain.values import IoSpec, IoType
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.deployer.process import ActionEnvironment
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker

from .support import artefact, executed, processor, request, serving_pid

pytestmark = pytest.mark.integration

# One value per wrapper process (a pid would not do: every sandbox has its own pid 2).
PID = """\
    import uuid

    PROCESS = uuid.uuid4().hex

    def handle(inputs):
        return {"pid": PROCESS}
    """
PID_OUT = (IoSpec("pid", IoType.STRING),)


def pid_of(deployer: LocalActionDeployer, handle: ActionHandle) -> int:
    wrapper = deployer.wrapper(handle)
    assert wrapper is not None
    return wrapper.pid


def process_state(pid: int) -> str | None:
    """The state letter Linux gives `pid` ("R", "S", "Z"...), None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


async def dead(pid: int, within: float = 5.0) -> None:
    """Wait until `pid` has ended (a zombie not yet reaped, or gone)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if process_state(pid) in (None, "Z", "X"):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"process {pid} still runs after {within} s")


async def test_reuses_the_same_process_when_executions_follow_each_other(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker
) -> None:
    action = make_processor("pid", PID, outputs=PID_OUT, uri=True)
    pids = []
    for _ in range(2):
        outcome = await executed(deployer, action, invoker=invoker)
        assert isinstance(outcome, Succeeded)
        pids.append(outcome.outputs["pid"])
    assert pids[0] == pids[1]


async def test_third_lease_waits_when_the_concurrency_limit_is_two(make_processor) -> None:
    deployment = processor(make_processor("limited", PID, outputs=PID_OUT))
    deployer = LocalActionDeployer(concurrency=2)
    try:
        first, second = await asyncio.gather(
            deployer.ensure(deployment), deployer.ensure(deployment)
        )
        first_pid = pid_of(deployer, first)
        assert first_pid != pid_of(deployer, second)
        third = asyncio.create_task(deployer.ensure(deployment))
        done, _ = await asyncio.wait([third], timeout=0.3)  # long enough for a cold start
        assert not done
        await deployer.release(first)
        handle = await asyncio.wait_for(third, 5)
        assert pid_of(deployer, handle) == first_pid  # the freed one, still warm
    finally:
        await deployer.close()


async def test_stops_the_process_when_it_stays_idle_past_the_idle_timeout(make_processor) -> None:
    deployment = processor(make_processor("idle", PID, outputs=PID_OUT))
    deployer = LocalActionDeployer(idle_timeout=0.2, check_interval=0.05)
    await deployer.start()
    try:
        handle = await deployer.ensure(deployment)
        wrapper = deployer.wrapper(handle)
        assert wrapper is not None
        await deployer.release(handle)
        await asyncio.wait_for(wrapper.process.wait(), 5)
        again = await deployer.ensure(deployment)
        assert pid_of(deployer, again) != wrapper.pid
    finally:
        await deployer.close()


async def test_starts_a_new_process_when_the_idle_one_was_killed(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker
) -> None:
    action = make_processor("crash", PID, outputs=PID_OUT)
    handle = await deployer.ensure(processor(action))
    first = await invoker.execute(handle, request())
    pid = serving_pid(deployer, handle)
    await deployer.release(handle)
    assert isinstance(first, Succeeded)
    os.kill(pid, signal.SIGKILL)
    await dead(pid)  # ended, not necessarily reaped: the pool must see it either way

    second = await executed(deployer, action, invoker=invoker)
    assert isinstance(second, Succeeded)
    assert second.outputs["pid"] != first.outputs["pid"]


async def test_stops_idle_processes_when_the_workflow_stops_and_busy_ones_when_released(
    make_processor, deployer: LocalActionDeployer
) -> None:
    deployment = processor(make_processor("undeploy", PID, outputs=PID_OUT))
    idle, busy = await asyncio.gather(deployer.ensure(deployment), deployer.ensure(deployment))
    idle_wrapper, busy_wrapper = deployer.wrapper(idle), deployer.wrapper(busy)
    assert idle_wrapper is not None
    assert busy_wrapper is not None
    await deployer.release(idle)

    await deployer.stop_workflow(deployment.workflow_id)
    assert not idle_wrapper.alive
    assert busy_wrapper.alive  # its execution goes on to its end
    await deployer.release(busy)
    assert not busy_wrapper.alive

    later = await deployer.ensure(deployment)  # runs in flight may still need the action
    assert pid_of(deployer, later) not in (idle_wrapper.pid, busy_wrapper.pid)
    await deployer.release(later)


@pytest.mark.parametrize(
    ("handler", "expected"),
    [
        ("def handle(inputs)\n    return {}\n", "SyntaxError"),
        (
            "import flowloom_no_such_module\n\ndef handle(inputs):\n    return {}\n",
            "ModuleNotFoundError: No module named 'flowloom_no_such_module'",
        ),
        ("print('about to fail')\nhandler = 1\n", "has no function 'handle'"),
    ],
)
async def test_refuses_to_start_when_the_handler_cannot_be_loaded(
    make_processor, deployer: LocalActionDeployer, handler: str, expected: str
) -> None:
    with pytest.raises(ActionStartFailed) as refused:
        await deployer.ensure(processor(make_processor("broken", handler)))
    assert expected in refused.value.message
    assert "could not be loaded" in refused.value.message


async def test_prints_of_the_module_are_in_the_report_when_loading_fails(
    make_processor, deployer: LocalActionDeployer
) -> None:
    handler = "print('loading the model from /nowhere')\nraise RuntimeError('no model')\n"
    with pytest.raises(ActionStartFailed) as refused:
        await deployer.ensure(processor(make_processor("noisy", handler)))
    assert "RuntimeError: no model" in refused.value.message
    assert "loading the model from /nowhere" in refused.value.message


@pytest.mark.parametrize("location", ["s3://bucket/env.tar.gz", "relative/path", "file://h/x"])
async def test_refuses_to_start_when_the_artefact_is_not_a_local_environment(
    make_processor, deployer: LocalActionDeployer, location: str
) -> None:
    remote = replace(make_processor("remote", PID), artefact=location)
    with pytest.raises(ActionStartFailed, match="cannot be run by the local deployer"):
        await deployer.ensure(processor(remote))


async def test_refuses_to_start_when_the_environment_has_no_wrapper(
    tmp_path, deployer: LocalActionDeployer
) -> None:
    (tmp_path / "action").mkdir()
    action = artefact(ActionEnvironment(tmp_path), "empty")
    with pytest.raises(ActionStartFailed, match="is not a built action environment"):
        await deployer.ensure(processor(action))
