"""Trigger supervision with real source wrappers, and cron schedules in real time."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from flowloom.runner.domain.errors import TriggerStartFailed
from flowloom.runner.domain.invocation import ActionDeployment, ActionHandle, ActionRole
from flowloom.runner.domain.run import TriggerSource
from flowloom.runner.domain.values import FileContent, FileKey, IoSpec, IoType
from flowloom.runner.domain.workflow import (
    ActionKind,
    ActionTrigger,
    CronTrigger,
    Literal,
    ManualTrigger,
    SecretRef,
    Trigger,
    WorkflowVersion,
)
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore
from flowloom.runner.infrastructure.triggers.cron import cron_schedule
from flowloom.runner.infrastructure.triggers.supervisor import LocalTriggerSupervisor

from .support import (
    PROJECT,
    WORKFLOW,
    RecordingServices,
    Secrets,
    SystemClock,
    artefact,
    metadata,
)

pytestmark = pytest.mark.integration

SOURCE_OUTPUTS = (
    IoSpec("number", IoType.INTEGER),
    IoSpec("label", IoType.STRING),
    IoSpec("payload", IoType.FILE, optional=True),
)


class EverySecond:
    """A schedule firing at each whole second (cron has minutes at best)."""

    def next_after(self, moment: datetime) -> datetime:
        return moment.replace(microsecond=0) + timedelta(seconds=1)


@pytest.fixture
def services() -> RecordingServices:
    return RecordingServices()


@pytest.fixture
async def supervisor(
    deployer: LocalActionDeployer, services: RecordingServices, store: S3FileStore
) -> AsyncIterator[LocalTriggerSupervisor]:
    supervisor = LocalTriggerSupervisor(
        deployer,
        runs=lambda: services,
        deployments=lambda: services,
        files=store,
        secrets=Secrets({"api-token": "s3cret"}),
        clock=SystemClock(),
        schedule=lambda trigger: EverySecond(),
    )
    yield supervisor
    await supervisor.close()


def version(trigger: Trigger) -> WorkflowVersion:
    return WorkflowVersion(WORKFLOW, "version-1", "wf", 1, trigger)


def one_run_then_waits(label: str) -> str:
    """A source's code: it creates one run (number 1, `label`), then waits until cancelled."""
    return f"""\
        import asyncio

        async def run(service, input_values):
            await service.create_run({{"number": 1, "label": "{label}"}})
            await asyncio.Event().wait()
        """


async def start_source(
    make_action,
    deployer: LocalActionDeployer,
    supervisor: LocalTriggerSupervisor,
    code: str,
    passwords: tuple[str, ...] = (),
    **inputs: Literal | SecretRef,
) -> tuple[WorkflowVersion, ActionHandle]:
    """Deploy and start a source; the inputs named in ``passwords`` are password-typed."""
    env = make_action("feed", metadata("feed", "Source"), code, entry="ryax_run.py")
    specs = tuple(
        IoSpec(name, IoType.PASSWORD if name in passwords else IoType.STRING) for name in inputs
    )
    action = artefact(env, "feed", kind=ActionKind.SOURCE, inputs=specs, outputs=SOURCE_OUTPUTS)
    deployed = version(ActionTrigger(action, inputs))
    handle = await deployer.ensure(ActionDeployment(PROJECT, WORKFLOW, action, ActionRole.TRIGGER))
    await supervisor.start(PROJECT, deployed, handle)
    return deployed, handle


async def test_starts_a_run_per_event_when_a_source_creates_runs(
    make_action, deployer, supervisor, services: RecordingServices
) -> None:
    code = """\
        import os
        import tempfile

        async def run(service, input_values):
            prefix, token = input_values["prefix"], input_values["token"]
            for number in range(3):
                payload = None
                if number == 1:
                    payload = os.path.join(tempfile.gettempdir(), "event.txt")
                    with open(payload, "w") as event:
                        event.write(f"{prefix} {number}")
                label = f"{prefix}-{number}-{len(token)}"
                await service.create_run({"number": number, "label": label, "payload": payload})
            await service.create_run_error("the feed went quiet")
        """
    inputs = {"prefix": Literal("go"), "token": SecretRef("api-token")}
    deployed, handle = await start_source(make_action, deployer, supervisor, code, **inputs)
    await services.until(lambda: bool(services.stopped))
    await deployer.release(handle)

    source = TriggerSource.SOURCE
    assert services.runs == [
        (PROJECT, WORKFLOW, source, {"number": 0, "label": "go-0-6", "payload": None}),
        (
            PROJECT,
            WORKFLOW,
            source,
            {"number": 1, "label": "go-1-6", "payload": FileContent("event.txt", b"go 1")},
        ),
        (PROJECT, WORKFLOW, source, {"number": 2, "label": "go-2-6", "payload": None}),
    ]
    assert services.errors == [(PROJECT, WORKFLOW, "the feed went quiet")]
    assert services.stopped == [(PROJECT, WORKFLOW, deployed.workflow_version_id, None)]


async def test_reports_the_error_when_the_source_raises(
    make_action, deployer, supervisor, services: RecordingServices
) -> None:
    code = """\
        async def run(service, input_values):
            await service.create_run({"number": 7, "label": "last"})
            raise ConnectionError("feed unreachable")
        """
    deployed, handle = await start_source(make_action, deployer, supervisor, code)
    await services.until(lambda: bool(services.stopped))
    await deployer.release(handle)

    assert [outputs["number"] for *_, outputs in services.runs] == [7]
    version_id = deployed.workflow_version_id
    error = "ConnectionError: feed unreachable"
    assert services.stopped == [(PROJECT, WORKFLOW, version_id, error)]


async def test_masks_its_passwords_and_secrets_when_a_source_prints_and_reports_them(
    make_action, deployer, supervisor, services: RecordingServices, caplog
) -> None:
    code = """\
        import sys

        async def run(service, input_values):
            print(input_values)
            print("the key is", input_values["key"], file=sys.stderr)
            await service.create_run({"number": 1, "label": "with " + input_values["key"]})
            await service.create_run({"number": 2, "label": "plain"})
            await service.create_run_error("refused " + input_values["password"])
            raise ValueError("failed with " + input_values["password"])
        """
    caplog.set_level(logging.INFO, logger="flowloom.runner.infrastructure.triggers")
    inputs = {"password": Literal("pw-heldout"), "key": SecretRef("api-token")}
    deployed, handle = await start_source(
        make_action, deployer, supervisor, code, passwords=("password",), **inputs
    )
    await services.until(lambda: bool(services.stopped))
    await deployer.release(handle)

    logged = [r.getMessage() for r in caplog.records if "source of workflow" in r.getMessage()]
    assert logged == [
        f"source of workflow {WORKFLOW} (stdout): {{'password': '***', 'key': '***'}}",
        f"source of workflow {WORKFLOW} (stderr): the key is ***",
    ]
    assert [outputs["label"] for *_, outputs in services.runs] == ["with s3cret", "plain"]
    assert services.masked == [frozenset({"label"}), frozenset()]
    assert services.errors == [(PROJECT, WORKFLOW, "refused ***")]
    error = "ValueError: failed with ***"
    assert services.stopped == [(PROJECT, WORKFLOW, deployed.workflow_version_id, error)]
    everything = caplog.text + str(services.errors) + str(services.stopped)
    assert "pw-heldout" not in everything
    assert "s3cret" not in everything


async def test_cancels_the_source_quietly_when_the_trigger_is_stopped(
    make_action, deployer: LocalActionDeployer, supervisor, services: RecordingServices
) -> None:
    _, handle = await start_source(make_action, deployer, supervisor, one_run_then_waits("once"))
    await services.until(lambda: len(services.runs) == 1)
    wrapper = deployer.wrapper(handle)
    assert wrapper is not None

    await supervisor.stop(WORKFLOW)
    await supervisor.stop(WORKFLOW)  # no-op
    deadline = time.monotonic() + 5
    while (await wrapper.stub.Health(pb.HealthRequest())).busy:  # the wrapper cancels `run`
        assert time.monotonic() < deadline
    await deployer.release(handle)
    assert services.stopped == []
    assert wrapper.alive


async def test_runs_the_source_again_on_its_wrapper_when_started_twice(
    make_action, deployer: LocalActionDeployer, supervisor, services: RecordingServices
) -> None:
    deployed, handle = await start_source(
        make_action, deployer, supervisor, one_run_then_waits("hello")
    )
    await services.until(lambda: len(services.runs) == 1)
    await supervisor.start(PROJECT, deployed, handle)  # the old stream is cancelled first
    await services.until(lambda: len(services.runs) == 2)
    await supervisor.stop(WORKFLOW)
    await deployer.release(handle)
    assert services.stopped == []


async def test_reads_a_static_file_through_a_presigned_url_when_a_source_input_is_a_file(
    make_action, deployer: LocalActionDeployer, supervisor, services, store: S3FileStore
) -> None:
    code = """\
        import os

        async def run(service, input_values):
            with open(input_values["seed"]) as seed:
                label = f"{os.path.basename(input_values['seed'])}: {seed.read()}"
            await service.create_run({"number": 0, "label": label})
        """
    await store.put_bytes("projects/p/static/seed.txt", b"sprout")
    env = make_action("seeded", metadata("seeded", "Source"), code, entry="ryax_run.py")
    action = artefact(
        env,
        "seeded",
        kind=ActionKind.SOURCE,
        inputs=(IoSpec("seed", IoType.FILE),),
        outputs=SOURCE_OUTPUTS,
    )
    seed = Literal(FileKey("projects/p/static/seed.txt"))
    deployed = version(ActionTrigger(action, {"seed": seed}))
    handle = await deployer.ensure(ActionDeployment(PROJECT, WORKFLOW, action, ActionRole.TRIGGER))
    await supervisor.start(PROJECT, deployed, handle)
    await services.until(lambda: bool(services.stopped))
    await deployer.release(handle)

    assert [outputs["label"] for *_, outputs in services.runs] == ["seed.txt: sprout"]
    assert services.stopped[0][3] is None


async def test_refuses_to_start_when_a_source_input_names_an_unknown_secret(
    make_action, deployer, supervisor
) -> None:
    code = "async def run(service, input_values):\n    pass\n"
    with pytest.raises(TriggerStartFailed, match="secret 'nope' does not exist"):
        await start_source(make_action, deployer, supervisor, code, key=SecretRef("nope"))


async def test_starts_a_run_each_time_when_the_cron_schedule_fires(
    supervisor: LocalTriggerSupervisor, services: RecordingServices
) -> None:
    outputs = (IoSpec("note", IoType.STRING), IoSpec("maybe", IoType.INTEGER, optional=True))
    await supervisor.start(PROJECT, version(CronTrigger("* * * * *", "UTC", outputs)), None)
    await services.until(lambda: len(services.runs) >= 2, within=5)
    await supervisor.stop(WORKFLOW)

    first, second = (outputs for *_, outputs in services.runs[:2])
    assert {run[2] for run in services.runs} == {TriggerSource.CRON}
    assert (first["note"], first["maybe"]) == ("", None)
    times = [datetime.fromisoformat(str(values["time"])) for values in (first, second)]
    assert times[0].microsecond == 0
    assert times[1] - times[0] == timedelta(seconds=1)


async def test_does_nothing_when_the_trigger_is_manual(
    supervisor: LocalTriggerSupervisor, services: RecordingServices
) -> None:
    await supervisor.start(PROJECT, version(ManualTrigger()), None)
    await supervisor.stop(WORKFLOW)
    assert services.runs == []


@pytest.mark.parametrize(
    ("schedule", "zone", "problem"),
    [
        ("61 * * * *", "UTC", "invalid cron schedule '61 * * * *'"),
        ("* * * * * *", "UTC", "must have five fields"),
        ("0 0 31 2 *", "UTC", "the cron schedule '0 0 31 2 *' never fires: no date matches it"),
        ("0 9 * * *", "Mars/Olympus_Mons", "unknown time zone 'Mars/Olympus_Mons'"),
    ],
)
async def test_refuses_to_start_when_the_cron_schedule_is_invalid(
    deployer: LocalActionDeployer,
    services: RecordingServices,
    store: S3FileStore,
    schedule: str,
    zone: str,
    problem: str,
) -> None:
    supervisor = LocalTriggerSupervisor(
        deployer, lambda: services, lambda: services, store, Secrets(), SystemClock()
    )
    with pytest.raises(TriggerStartFailed) as refused:
        await supervisor.start(PROJECT, version(CronTrigger(schedule, zone)), None)
    assert problem in refused.value.message


def test_fires_at_local_time_across_daylight_saving_when_a_zone_is_given() -> None:
    schedule = cron_schedule(CronTrigger("30 9 * * 1-5", "Europe/Paris"))
    friday_noon = datetime(2025, 3, 28, 11, 0, tzinfo=UTC)
    monday = schedule.next_after(friday_noon)  # summer time began on Sunday
    assert monday.isoformat() == "2025-03-31T09:30:00+02:00"
    assert schedule.next_after(monday).isoformat() == "2025-04-01T09:30:00+02:00"
