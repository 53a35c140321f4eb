"""Short builders of workflow versions, and of runs of them, for the tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from flowloom.runner.domain.run import Run, TriggerSource
from flowloom.runner.domain.values import IoSpec, IoType, IoValue
from flowloom.runner.domain.workflow import (
    ActionArtefact,
    ActionKind,
    ActionTrigger,
    Binding,
    Literal,
    ManualTrigger,
    Ref,
    Resources,
    Retry,
    Step,
    Trigger,
    WorkflowResult,
    WorkflowVersion,
)

NOW = datetime(2025, 1, 1, tzinfo=UTC)
PROJECT = "p-1"
OTHER_PROJECT = "p-2"
WORKFLOW = "wf-1"


def spec(
    name: str, type: IoType = IoType.STRING, *, optional: bool = False, enum: Iterable[str] = ()
) -> IoSpec:
    return IoSpec(name, type, optional, tuple(enum))


def _specs(items: Iterable[str | IoSpec]) -> tuple[IoSpec, ...]:
    return tuple(item if isinstance(item, IoSpec) else spec(item) for item in items)


def action(
    action_id: str,
    inputs: Iterable[str | IoSpec] = (),
    outputs: Iterable[str | IoSpec] = ("out",),
    *,
    kind: ActionKind = ActionKind.PROCESSOR,
    time: float = 0.0,
) -> ActionArtefact:
    resources = Resources(time_seconds=time)
    return ActionArtefact(
        action_id,
        "1.0",
        kind,
        f"artefacts/{action_id}.tar",
        _specs(inputs),
        _specs(outputs),
        resources,
    )


def ref(path: str) -> Ref:
    node, output = path.split(".")
    return Ref(node, output)


def lit(value: object) -> Literal:
    return Literal(value)  # type: ignore[arg-type]


def step(
    step_id: str,
    inputs: Mapping[str, Binding] | None = None,
    *,
    input_specs: Iterable[str | IoSpec] | None = None,
    outputs: Iterable[str | IoSpec] = ("out",),
    when: str = "",
    attempts: int = 1,
    backoff: float = 0.0,
    timeout: float = 0.0,
    time: float = 0.0,
    needs: Iterable[str] = (),
    action_id: str | None = None,
) -> Step:
    """A step whose action (named after the step) declares every bound input as a string."""
    bindings = dict(inputs or {})
    specs = list(bindings) if input_specs is None else input_specs
    return Step(
        id=step_id,
        action=action(action_id or step_id, specs, outputs, time=time),
        inputs=bindings,
        when=when,
        retry=Retry(attempts, backoff),
        timeout_seconds=timeout,
        needs=tuple(needs),
    )


def manual(*outputs: str | IoSpec) -> ManualTrigger:
    return ManualTrigger(_specs(outputs))


def source(*outputs: str | IoSpec) -> ActionTrigger:
    emitter = action("emitter", ["seconds"], outputs or ("message",), kind=ActionKind.SOURCE)
    return ActionTrigger(emitter, {"seconds": Literal(30)})


def workflow(
    *steps: Step,
    trigger: Trigger | None = None,
    results: Mapping[str, str] | None = None,
    workflow_id: str = WORKFLOW,
    version_id: str = "v-1",
    number: int = 1,
) -> WorkflowVersion:
    return WorkflowVersion(
        workflow_id=workflow_id,
        workflow_version_id=version_id,
        name=f"workflow {workflow_id}",
        number=number,
        trigger=trigger or manual("message"),
        steps=steps,
        results=tuple(WorkflowResult(n, ref(path)) for n, path in (results or {}).items()),
    )


def new_run(version: WorkflowVersion) -> Run:
    """Run `r` of `version`, started by hand at NOW with the message "hi"; its executions are
    `e1`, `e2`… in step order."""
    ids = itertools.count(1)
    return Run.start(
        id="r",
        project_id=PROJECT,
        version=version,
        trigger_source=TriggerSource.MANUAL,
        trigger_outputs={"message": IoValue(IoType.STRING, "hi")},
        now=NOW,
        new_id=lambda: f"e{next(ids)}",
    )
