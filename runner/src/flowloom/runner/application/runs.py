"""Starting, cancelling and reading runs, scoped to one project."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flowloom.runner.application.engine import ExecutionEngine
from flowloom.runner.application.views import (
    ExecutionView,
    Page,
    RunView,
    check_limit,
    displayed,
    page_of,
)
from flowloom.runner.domain.errors import Conflict, NotFound, ValidationFailed
from flowloom.runner.domain.files import trigger_file_key
from flowloom.runner.domain.invocation import StoredLogLine
from flowloom.runner.domain.ports import Clock, FileStore, Ids, UnitOfWork
from flowloom.runner.domain.repositories import LogRepository, RunCursor, RunFilter
from flowloom.runner.domain.run import Run, RunState, TriggerSource
from flowloom.runner.domain.run_inputs import check_run_inputs
from flowloom.runner.domain.values import (
    FileContent,
    IoSpec,
    IoType,
    IoValue,
    StoredFile,
    TriggerValue,
    from_text,
    normalized,
)
from flowloom.runner.domain.workflow import WorkflowVersion, trigger_outputs


@dataclass(eq=False)
class RunService:
    """Runs of deployed workflows; another project's run is NotFound, never a hint.

    Sources, cron, manual runs and webhooks all start runs through ``start_run``.
    """

    uow: Callable[[], UnitOfWork]
    engine: ExecutionEngine
    files: FileStore
    log_lines: LogRepository  # "logs" is the use case reading them
    clock: Clock
    ids: Ids

    async def start_run(
        self,
        project_id: str,
        workflow_id: str,
        trigger_source: TriggerSource,
        outputs: Mapping[str, TriggerValue],
        *,
        as_text: bool = False,
        masked: frozenset[str] = frozenset(),
        wait_for_database: bool = False,
    ) -> str:
        """Check ``outputs`` against the trigger's outputs, store files, start; the run id.

        Conflict when the workflow is not deployed; RunInputRejected (fields ``inputs.<name>``)
        for missing or mistyped values and, for a manual run, undeclared ones (others' are
        ignored). ``as_text``: the values come from a form, so text is first read as each
        output's type. ``masked``: outputs hidden like passwords (a source's output holding
        one of its secrets). ``wait_for_database`` (sources and cron, which have nobody to
        answer 503 to): wait out a database outage; a try whose commit went through
        unanswered is not repeated.
        """
        run_id = self.ids.new_id()
        strict = trigger_source is TriggerSource.MANUAL

        async def start(retrying: bool) -> str:
            async with self.uow() as uow:
                if retrying and await uow.runs.get(run_id) is not None:
                    return run_id
                version = await self._deployed_version(
                    uow, project_id, workflow_id, source=trigger_source is TriggerSource.SOURCE
                )
                specs = trigger_outputs(version.trigger)
                values = _checked(specs, outputs, as_text, strict)
                stored = {
                    s.name: await self._stored(project_id, run_id, s, values, s.name in masked)
                    for s in specs
                }
                run = self._new_run(run_id, project_id, version, trigger_source, stored)
                async with self.engine.starting(run, version):  # first steps in this commit
                    await uow.runs.add(run)
                    await uow.commit()
            return run_id

        if not wait_for_database:
            return await start(False)
        return await self.engine.outages.run(start, "a run of workflow %s", workflow_id)

    async def record_trigger_error(self, project_id: str, workflow_id: str, message: str) -> str:
        """A source reported an error (``create_run_error``): a run in Error, no step run."""
        run_id = self.ids.new_id()
        async with self.uow() as uow:
            version = await self._deployed_version(uow, project_id, workflow_id, source=True)
            run = self._new_run(run_id, project_id, version, TriggerSource.SOURCE, {})
            run.abort(f"the trigger reported an error: {message}", self.clock.now())
            await uow.runs.add(run)
            await uow.commit()
        return run_id

    async def cancel(self, project_id: str, run_id: str) -> RunView:
        """Cancel every unfinished execution (running ones are stopped); no-op when finished."""
        await self.engine.cancel(project_id, run_id)
        return await self.get(project_id, run_id)

    async def get(self, project_id: str, run_id: str) -> RunView:
        async with self.uow() as uow:
            run = await _run(uow, project_id, run_id)
            return RunView.of(run, await uow.versions.get(run.workflow_version_id))

    async def execution(self, project_id: str, run_id: str, execution_id: str) -> ExecutionView:
        """An execution of a run of the project (NotFound for any other)."""
        async with self.uow() as uow:
            run = await _run(uow, project_id, run_id)
            version = await uow.versions.get(run.workflow_version_id)
            return ExecutionView.of(run.execution(execution_id), version)

    async def wait_ended(self, project_id: str, run_id: str, seconds: float) -> RunView:
        """The run once it is Completed, Error or Canceled, or as it is after ``seconds``.

        Nothing polls: the engine wakes the waiter when it records the run's end.
        """
        async with self.uow() as uow:
            run = await _run(uow, project_id, run_id)
        if run.state.finished:
            return RunView.of(run)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.engine.wait_until_finished(run_id), seconds)
        return await self.get(project_id, run_id)

    async def list_runs(
        self,
        project_id: str,
        filters: RunFilter | None = None,
        limit: int = 50,
        after: str | None = None,
    ) -> Page[RunView]:
        """Newest first; the cursor is opaque."""
        cursor = _parse_cursor(after) if after else None
        async with self.uow() as uow:
            rows = await uow.runs.list_page(
                project_id, filters or RunFilter(), check_limit(limit) + 1, cursor
            )
        page = page_of(rows, limit, _cursor_of)
        return Page([RunView.of(run) for run in page.items], page.next_cursor)

    async def results(self, project_id: str, run_id: str) -> dict[str, IoValue]:
        """The named results of a Completed run (Conflict before that)."""
        async with self.uow() as uow:
            run = await _run(uow, project_id, run_id)
        if run.state is not RunState.COMPLETED:
            raise Conflict(f"the run is {run.state}: results exist once it has completed")
        return displayed(run.results)

    async def logs(
        self,
        project_id: str,
        run_id: str,
        execution_id: str,
        limit: int = 200,
        after: int | None = None,
        attempt: int | None = None,
    ) -> Page[StoredLogLine]:
        """An execution's log lines in order (only ``attempt``'s when given); the cursor is a
        line number."""
        async with self.uow() as uow:
            (await _run(uow, project_id, run_id)).execution(execution_id)
        rows = await self.log_lines.read_page(execution_id, check_limit(limit) + 1, after, attempt)
        return page_of(rows, limit, lambda line: str(line.number))

    async def file_url(self, project_id: str, run_id: str, key: str) -> str:
        """A short-lived download URL for a file the run received or produced (NotFound for
        others)."""
        async with self.uow() as uow:
            run = await _run(uow, project_id, run_id)
        file = next((f for f in _files_of(run) if f.key == key), None)
        if file is None:
            raise NotFound("file not found")
        return await self.files.download_url(file.key, file.name)

    async def _deployed_version(
        self, uow: UnitOfWork, project_id: str, workflow_id: str, *, source: bool = False
    ) -> WorkflowVersion:
        """The deployed version; a ``source``'s runs are accepted while it starts too."""
        deployment = await uow.deployments.get(workflow_id)
        if deployment is None or deployment.project_id != project_id:
            # Never deployed, or another project's: the same answer (no hint of the other).
            raise Conflict(f"workflow {workflow_id} is not deployed: deploy it to start runs")
        version = await uow.versions.get(deployment.workflow_version_id)
        accepts = deployment.accepts_source_runs if source else deployment.accepts_runs
        if not accepts or version is None:
            raise Conflict(f"the workflow is {deployment.state}: deploy it to start runs")
        return version

    async def _stored(
        self,
        project_id: str,
        run_id: str,
        spec: IoSpec,
        outputs: Mapping[str, TriggerValue],
        masked: bool,
    ) -> IoValue:
        value = outputs.get(spec.name)
        if isinstance(value, FileContent):
            key = trigger_file_key(project_id, run_id, spec.name, value.name)
            content = value.content
            if isinstance(content, bytes):
                size = await self.files.put_bytes(key, content)
            else:
                size = await self.files.put_file(key, content)
            directory = spec.type is IoType.DIRECTORY
            value = StoredFile(key, value.name, size, directory)
        return IoValue(spec.type, normalized(spec, value), secret=masked)

    def _new_run(
        self,
        run_id: str,
        project_id: str,
        version: WorkflowVersion,
        source: TriggerSource,
        values: dict[str, IoValue],
    ) -> Run:
        return Run.start(
            id=run_id,
            project_id=project_id,
            version=version,
            trigger_source=source,
            trigger_outputs=values,
            now=self.clock.now(),
            new_id=self.ids.new_id,
        )


def _checked(
    specs: tuple[IoSpec, ...],
    outputs: Mapping[str, TriggerValue],
    as_text: bool,
    strict: bool,
) -> Mapping[str, TriggerValue]:
    """The trigger's values, read from text first for a form; RunInputRejected naming every
    input at fault (``strict``: undeclared ones too)."""
    if as_text:
        read = {s.name: from_text(s, outputs.get(s.name)) for s in specs}
        outputs = {**outputs, **read}  # type: ignore[dict-item]
    check_run_inputs(specs, outputs, strict=strict)
    return outputs


async def _run(uow: UnitOfWork, project_id: str, run_id: str) -> Run:
    run = await uow.runs.get(run_id)
    if run is None or run.project_id != project_id:
        raise NotFound("run not found")
    return run


def _files_of(run: Run) -> list[StoredFile]:
    values = [*run.trigger_outputs.values(), *run.results.values()]
    for execution in run.executions:
        values += [*execution.inputs.values(), *execution.outputs.values()]
    return [v.value for v in values if isinstance(v.value, StoredFile)]


def _cursor_of(run: Run) -> str:
    """URL-safe base64 (no padding) of the last run's position: it travels unescaped in a
    query string (an ISO date's `+` would read as a space)."""
    position = f"{run.created_at.isoformat()}|{run.id}".encode()
    return base64.urlsafe_b64encode(position).decode().rstrip("=")


def _parse_cursor(cursor: str) -> RunCursor:
    try:
        position = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created_at, separator, run_id = position.partition("|")
        if not separator:
            raise ValueError(cursor)
        return RunCursor(datetime.fromisoformat(created_at), run_id)
    except (ValueError, binascii.Error):  # UnicodeDecodeError is a ValueError
        raise ValidationFailed("cursor", "is not a cursor this list returned") from None
