"""Helpers of the database tests: a migrated database, units of work on it, and builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flowloom.runner.domain.deployment import Deployment
from flowloom.runner.domain.events import DeploymentState
from flowloom.runner.domain.execution import Execution
from flowloom.runner.domain.run import Run, RunState, TriggerSource
from flowloom.runner.domain.values import FileKey, IoSpec, IoType, IoValue, StoredFile
from flowloom.runner.domain.workflow import (
    ActionArtefact,
    ActionKind,
    ActionTrigger,
    CronTrigger,
    Literal,
    ManualTrigger,
    Ref,
    Resources,
    Retry,
    SecretRef,
    Step,
    WorkflowResult,
    WorkflowVersion,
)
from flowloom.runner.infrastructure.database.caches import RunCache, VersionCache
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.log_repository import SqlLogRepository
from flowloom.runner.infrastructure.database.tables import message_tables
from flowloom.runner.infrastructure.database.unit_of_work import SqlAlchemyRunnerUnitOfWork
from flowloom.servicekit.database.engine import session_factory
from flowloom.testkit.database import MigratedDatabase, envelopes

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
EXCHANGE = "runner.events"
PROJECT, OTHER = "p-1", "p-2"
CIPHER = ValueCipher(ValueCipher.generate_key())


@dataclass
class Database(MigratedDatabase):
    """A migrated database; ``wakeups`` counts the after-commit calls (outbox relay pokes).

    ``uow(cached=True)`` shares ``run_cache`` and ``version_cache``, as the runner's do.
    """

    outbox = message_tables.outbox

    run_cache: RunCache = field(default_factory=RunCache)
    version_cache: VersionCache = field(default_factory=VersionCache)

    def uow(
        self, cipher: ValueCipher = CIPHER, *, cached: bool = False
    ) -> SqlAlchemyRunnerUnitOfWork:
        return SqlAlchemyRunnerUnitOfWork(
            session_factory(self.engine),
            message_tables,
            envelopes(EXCHANGE),
            self.woken,
            cipher=cipher,
            run_cache=self.run_cache if cached else None,
            version_cache=self.version_cache if cached else None,
        )

    def logs(self) -> SqlLogRepository:
        return SqlLogRepository(session_factory(self.engine))

    async def seed(
        self,
        *deployments: Deployment,
        versions: tuple[tuple[str, WorkflowVersion], ...] = (),
        runs: tuple[Run, ...] = (),
    ) -> None:
        """Store new objects in one committed transaction."""
        async with self.uow() as uow:
            for deployment in deployments:
                await uow.deployments.add(deployment)
            for project_id, version in versions:
                await uow.versions.add(project_id, version)
            for run in runs:
                await uow.runs.add(run)
            await uow.commit()


def deployment(
    workflow_id: str,
    project_id: str = PROJECT,
    state: DeploymentState = DeploymentState.DEPLOYED,
) -> Deployment:
    return Deployment(
        project_id, workflow_id, f"v-{workflow_id}", f"key-{workflow_id}", state, NOW, "note"
    )


def spec(
    name: str,
    type: IoType = IoType.STRING,
    *,
    optional: bool = False,
    enum_values: tuple[str, ...] = (),
) -> IoSpec:
    return IoSpec(name, type, optional, enum_values)


def artefact(action_id: str, *, inputs: tuple[IoSpec, ...] = ()) -> ActionArtefact:
    return ActionArtefact(
        action_id,
        "1.2",
        ActionKind.PROCESSOR,
        f"registry/{action_id}:1.2",
        inputs,
        (spec("out"), spec("report", IoType.FILE, optional=True)),
        Resources(cpu=0.5, memory_bytes=512 * 2**20, time_seconds=30.0, gpu=1.0),
    )


def simple_version(version_id: str = "v-1", workflow_id: str = "wf-1") -> WorkflowVersion:
    return WorkflowVersion(
        workflow_id,
        version_id,
        "simple",
        1,
        ManualTrigger((spec("message"),)),
        steps=(Step("only", artefact("only")),),
    )


def complex_version(trigger: ActionTrigger | ManualTrigger | CronTrigger) -> WorkflowVersion:
    """Every kind of binding, literal, spec option, retry and result."""
    inputs = (
        spec("text"),
        spec("count", IoType.INTEGER),
        spec("ratio", IoType.FLOAT),
        spec("flag", IoType.BOOLEAN),
        spec("blob", IoType.BYTES),
        spec("color", IoType.ENUM, enum_values=("red", "green")),
        spec("model", IoType.FILE),
        spec("data", IoType.DIRECTORY, optional=True),
        spec("password", IoType.PASSWORD),
        spec("token", IoType.PASSWORD),
        spec("nothing", IoType.STRING, optional=True),
        spec("upstream"),
    )
    bindings = {
        "text": Literal("héllo"),
        "count": Literal(42),
        "ratio": Literal(0.25),
        "flag": Literal(True),
        "blob": Literal(b"\x00\xffbytes"),
        "color": Literal("green"),
        "model": Literal(FileKey("projects/p-1/static/model.bin")),
        "password": Literal("hunter2"),
        "token": SecretRef("api-token"),
        "nothing": Literal(None),
        "upstream": Ref("trigger", "message"),
    }
    first = Step(
        "first",
        artefact("first", inputs=inputs),
        bindings,
        when="trigger.outputs.flag == true",
        retry=Retry(3, 1.5),
        timeout_seconds=12.5,
    )
    second = Step(
        "second",
        artefact("second", inputs=(spec("x"),)),
        {"x": Ref("first", "out")},
        needs=("first",),
    )
    results = (WorkflowResult("final", Ref("second", "out")),)
    return WorkflowVersion("wf-1", "v-1", "complex", 7, trigger, (first, second), results)


def source_trigger() -> ActionTrigger:
    emitter = ActionArtefact(
        "emitter",
        "2.0",
        ActionKind.SOURCE,
        "registry/emitter:2.0",
        (spec("seconds", IoType.INTEGER), spec("login", IoType.PASSWORD)),
        (spec("message"),),
    )
    return ActionTrigger(emitter, {"seconds": Literal(30), "login": Literal("s3cret")})


def every_value() -> dict[str, IoValue]:
    """One value of every type, masked ones included."""
    return {
        "string": IoValue(IoType.STRING, "text ✓"),
        "longstring": IoValue(IoType.LONGSTRING, "line\n" * 3),
        "password": IoValue(IoType.PASSWORD, "hunter2"),
        "integer": IoValue(IoType.INTEGER, 2**40),
        "float": IoValue(IoType.FLOAT, 1.0),
        "infinite": IoValue(IoType.FLOAT, float("-inf")),
        "boolean": IoValue(IoType.BOOLEAN, False),
        "enum": IoValue(IoType.ENUM, "red"),
        "file": IoValue(IoType.FILE, StoredFile("runs/r/out/content", "out.csv", 12)),
        "directory": IoValue(IoType.DIRECTORY, StoredFile("runs/r/d/content", "d.zip", None, True)),
        "bytes": IoValue(IoType.BYTES, b"\x00\x01\xfe"),
        "none": IoValue(IoType.STRING, None),
        "project_secret": IoValue(IoType.STRING, None, secret=True),
        "from_password": IoValue(IoType.STRING, "derived", secret=True),
    }


def run(
    run_id: str,
    *,
    project_id: str = PROJECT,
    workflow_id: str = "wf-1",
    created_at: datetime = NOW,
    state: RunState = RunState.RUNNING,
    steps: tuple[str, ...] = ("first", "second"),
) -> Run:
    executions = [
        Execution(f"{run_id}-e{position}", run_id, step_id, position)
        for position, step_id in enumerate(steps)
    ]
    return Run(
        run_id,
        project_id,
        workflow_id,
        f"v-{workflow_id}",
        TriggerSource.MANUAL,
        {"message": IoValue(IoType.STRING, "hello")},
        created_at,
        executions,
        state,
    )


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)
