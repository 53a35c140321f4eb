"""Ports: the unit of work, the technical services the runner relies on (clock, ids, files,
logs, secrets, conditions) and the action runtime (warm wrappers, executions, triggers)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO, Protocol, TypeVar

from flowloom.runner.domain.events import DomainEvent
from flowloom.runner.domain.invocation import (
    ActionDeployment,
    ActionHandle,
    ExecutionOutcome,
    ExecutionRequest,
    HeldOutcome,
    LogLine,
)
from flowloom.runner.domain.workflow import WorkflowVersion
from flowloom.servicekit import kernel

if TYPE_CHECKING:  # the repositories' log port (LogRepository) extends LogSink, from here
    from flowloom.runner.domain.repositories import (
        DeploymentRepository,
        ProjectSecretRepository,
        RunRepository,
        WorkflowVersionRepository,
    )


class UnitOfWork(kernel.UnitOfWork[DomainEvent]):
    """The kernel's unit of work over the runner's repositories."""

    deployments: DeploymentRepository
    versions: WorkflowVersionRepository
    runs: RunRepository
    secrets: ProjectSecretRepository


class Clock(ABC):
    """The current time, and waiting (so tests can run retries in virtual time)."""

    @abstractmethod
    def now(self) -> datetime:
        """An aware datetime in UTC."""

    @abstractmethod
    async def sleep(self, seconds: float) -> None: ...


T = TypeVar("T")


class DatabaseOutages(Protocol):
    """Work tried again, with pauses, while the database cannot be reached
    (servicekit's ``OutageRetry``); any other error is the caller's."""

    def unavailable(self, error: BaseException) -> bool:
        """Whether ``error`` says the database cannot be reached now."""
        ...

    async def run(
        self,
        work: Callable[[bool], Awaitable[T]],
        what: str,
        *args: object,
        on_outage: Callable[[], Awaitable[None]] | None = None,
    ) -> T:
        """``work(retrying)``'s result once a try goes through; ``what % args`` names it in the
        log; ``on_outage`` runs once, after the first try met an outage."""
        ...


class NoOutages:
    """Runs work once: for a runner whose database never blinks (unit tests of other things)."""

    def unavailable(self, error: BaseException) -> bool:
        return False

    async def run(
        self,
        work: Callable[[bool], Awaitable[T]],
        what: str,
        *args: object,
        on_outage: Callable[[], Awaitable[None]] | None = None,
    ) -> T:
        return await work(False)


class OutcomeJournal(ABC):
    """Outcomes of attempts kept outside the database until it has recorded them, where the
    next start of the runner finds them: a restart during a database outage then loses no
    finished step (``recover`` records them before it fails the attempts that were lost)."""

    @abstractmethod
    async def hold(self, held: HeldOutcome) -> None:
        """Keep ``held`` durably (it survives the runner's crash and the host's)."""

    @abstractmethod
    async def release(self, held: HeldOutcome) -> None:
        """``held`` is recorded (or given up): forget it."""

    @abstractmethod
    async def held(self) -> list[HeldOutcome]:
        """What was kept through a restart, oldest first (read at start; each one is then
        released once recorded)."""


class Ids(ABC):
    """New identifiers and unguessable keys."""

    @abstractmethod
    def new_id(self) -> str:
        """A new random UUID in its canonical text form."""

    @abstractmethod
    def new_secret(self) -> str:
        """An unguessable URL-safe token (at least 32 random bytes): webhook keys."""


class ConditionEvaluator(ABC):
    """Step conditions (CEL in production) over ``{"trigger": ..., "steps": ...}``.

    The context is ``{"trigger": {"outputs": {...}}, "steps": {"<id>": {"outputs": {...},
    "state": "Success"}}}`` with plain Python values (a file is its name). Both calls are
    bounded: limits on the expression, and a time budget for compiling and evaluating it.
    """

    @abstractmethod
    async def validate(self, expression: str) -> str | None:
        """Why the expression does not compile (or exceeds a limit), or None when it does."""

    @abstractmethod
    async def evaluate(self, expression: str, context: Mapping[str, object]) -> bool:
        """The condition's value; ConditionFailed when it errors, is not a boolean, exceeds a
        limit or takes longer than the time budget."""


class SecretResolver(ABC):
    """Project secrets, by name, resolved when an execution starts."""

    @abstractmethod
    async def resolve(self, project_id: str, name: str) -> str | None:
        """The secret's value, or None when the project has no such secret."""


class FileStore(ABC):
    """The object store; the wrapper only ever sees presigned URLs.

    URLs for wrappers live as long as an execution may need them; URLs handed to people
    (``download_url``) are short-lived.
    """

    @abstractmethod
    async def put_bytes(self, key: str, content: bytes) -> int:
        """Store ``content`` at ``key``; its size in bytes."""

    @abstractmethod
    async def put_file(self, key: str, file: BinaryIO) -> int:
        """Store the whole of the open ``file`` at ``key``, streamed (never read whole into
        memory); its size in bytes."""

    @abstractmethod
    async def presigned_get(self, key: str, filename: str | None = None) -> str:
        """A download URL for a wrapper; ``filename`` becomes the download's file name."""

    @abstractmethod
    async def download_url(self, key: str, filename: str | None = None) -> str:
        """A short-lived download URL for a person (the API's redirect)."""

    @abstractmethod
    async def presigned_put(self, key: str) -> str:
        """An upload URL for a wrapper."""

    @abstractmethod
    async def delete_prefix(self, prefix: str) -> None: ...


class LogSink(ABC):
    """Where execution log lines go as they stream in."""

    @abstractmethod
    async def append(
        self, project_id: str, execution_id: str, attempt: int, lines: Sequence[LogLine]
    ) -> None:
        """Append lines of ``attempt`` in order; numbers continue from the execution's last
        line, whatever its attempt."""


class ActionDeployer(ABC):
    """Keeps warm action wrappers (local processes or Kubernetes Deployments).

    A pool per ``deployment.key``: one wrapper runs one execution at a time, so the pool grows
    up to the runner's concurrency limit for that key; idle wrappers stop after the idle time.
    """

    @abstractmethod
    async def ensure(self, deployment: ActionDeployment) -> ActionHandle:
        """A started, initialised wrapper reserved for the caller until ``release``.

        Raises ActionStartFailed with a message a user can act on when it cannot start.
        """

    @abstractmethod
    async def release(self, handle: ActionHandle) -> None:
        """The caller is done with the wrapper; it becomes idle (and may stop later)."""

    @abstractmethod
    async def stop_workflow(self, workflow_id: str, keep: Collection[str] = ()) -> None:
        """Stop the workflow's wrappers once they are idle, but those of the pools in ``keep``.

        A wrapper running an execution finishes it first, and later ``ensure`` calls still
        start wrappers: runs in flight after an undeploy (or a redeploy, which keeps the pools
        the new version uses) go on to their end, on the code they started with.
        """


class ActionInvoker(ABC):
    """Runs one execution on a wrapper (the gRPC ``Run`` call).

    Log lines stream to the adapter's LogSink as they come. Timeouts are enforced here: an
    execution running past ``request.timeout_seconds`` is stopped and reported as TimedOut.
    Cancelling the calling task cancels the execution.
    """

    @abstractmethod
    async def execute(self, handle: ActionHandle, request: ExecutionRequest) -> ExecutionOutcome:
        """The attempt's outcome; wrapper or transport failures are Failed, never raised."""


class TriggerSupervisor(ABC):
    """Keeps a deployed workflow's trigger producing runs.

    A source streams ``create_run`` events on ``handle`` (each one calls
    ``RunService.start_run``); a cron trigger follows its schedule; a manual trigger needs
    nothing. When a source returns or raises, the adapter calls
    ``DeploymentService.trigger_stopped``.
    """

    @abstractmethod
    async def start(
        self, project_id: str, version: WorkflowVersion, handle: ActionHandle | None
    ) -> None:
        """Start (or restart) the trigger; TriggerStartFailed with a user-actionable message."""

    @abstractmethod
    async def stop(self, workflow_id: str) -> None:
        """Stop the workflow's trigger if it runs; no-op otherwise."""
