"""`runs logs`: the pages of every execution's log, and `--follow` by polling them.

Polling the pages (not the Server-Sent Events stream) lets one command follow every step
at once: the stream of one execution stays open until the whole run has ended.
"""

from __future__ import annotations

import json
import time

import typer
from flowloom_sdk.api.runner_logs import runner_execution_logs
from flowloom_sdk.api.runner_runs import runner_get_run
from flowloom_sdk.models import ExecutionLogLineOut, ExecutionOut, LogPage, RunOut
from flowloom_sdk.types import UNSET

from flowloom.cli.errors import CliError
from flowloom.cli.output import spinner
from flowloom.cli.session import Session

POLL_SECONDS = 0.5


def show_logs(
    session: Session,
    run_id: str,
    step: str | None,
    follow: bool,
    as_json: bool,
    attempt: int | None = None,
) -> None:
    """Every execution's lines (``attempt``'s only when given), ``follow``ing the run."""
    seen: dict[str, int | None] = {}
    printer = _Printer(step is None, as_json, attempt)
    while True:
        run = session.get(runner_get_run.sync_detailed, RunOut, run_id=run_id)
        executions = [e for e in run.executions if step is None or e.step_id == step]
        if step is not None and not executions and not follow:
            steps = ", ".join(sorted({e.step_id for e in run.executions})) or "none yet"
            raise CliError(f"run {run_id} has no step {step!r} (steps: {steps})")
        ended = run.state != "Running"
        printed = sum(printer.print_new(session, run_id, e, seen) for e in executions)
        if not follow or (ended and printed == 0):
            if step is not None and not executions:
                raise CliError(f"run {run_id} ended without running step {step!r}")
            return
        if printed == 0:
            with spinner("waiting for log lines…"):
                time.sleep(POLL_SECONDS)


class _Printer:
    def __init__(self, prefixed: bool, as_json: bool, attempt: int | None) -> None:
        self.prefixed, self.as_json, self.attempt = prefixed, as_json, attempt

    def print_new(
        self, session: Session, run_id: str, execution: ExecutionOut, seen: dict[str, int | None]
    ) -> int:
        """Print the lines after the last one seen; how many."""
        count = 0
        while True:
            page = session.get(
                runner_execution_logs.sync_detailed,
                LogPage,
                run_id=run_id,
                execution_id=execution.id,
                limit=500,
                after=seen.get(execution.id),
                attempt=UNSET if self.attempt is None else self.attempt,
            )
            for line in page.items:
                seen[execution.id] = line.number
                count += 1
                self._print(execution, line)
            if not page.items or not page.next_cursor:
                return count

    def _print(self, execution: ExecutionOut, line: ExecutionLogLineOut) -> None:
        if self.as_json:
            record = {"step": execution.step_id, "execution": execution.id, **line.to_dict()}
            typer.echo(json.dumps(record, ensure_ascii=False))
        elif self.prefixed:
            label = (
                execution.step_id if line.attempt <= 1 else f"{execution.step_id}#{line.attempt}"
            )
            typer.echo(f"[{label}] {line.line}")
        else:
            typer.echo(line.line)
