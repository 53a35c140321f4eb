"""Reading ``workflow.yaml`` into a Workflow; every mistake is reported with its line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from flowloom.studio.domain import bindings
from flowloom.studio.domain.bindings import Ref
from flowloom.studio.domain.io import IoType, OutputSpec
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger, ManualTrigger, Trigger
from flowloom.studio.domain.workflow import Retry, Step, Workflow
from flowloom.studio.infrastructure.workflow_file import shape
from flowloom.studio.infrastructure.workflow_file.errors import FileProblem, WorkflowFileError
from flowloom.studio.infrastructure.workflow_file.nodes import Plain, compose
from flowloom.studio.infrastructure.workflow_file.validation import validated


def read_workflow(
    text: str | bytes, *, workflow_id: str, project: str, filename: str = "workflow.yaml"
) -> Workflow:
    """The workflow ``text`` describes, with the given id and project.

    Raises WorkflowFileError (and nothing else) listing every mistake as
    ``workflow.yaml:12: steps[1].inputs.file: ...``. The reader checks the file's shape
    (``shape.py``); what depends on the catalogue (known actions, types) is left to ``validate``.
    """
    root, loader = compose(text, filename)
    if root is None:
        raise WorkflowFileError([FileProblem(filename, None, "", "the file is empty")])
    plain = Plain(loader, filename)
    try:
        document, problems = validated(plain.data(root), root, filename)
    except RecursionError:
        document, problems = None, [FileProblem(filename, 1, "", "is nested too deeply")]
    refused = [problem.path for problem in problems]
    problems = sorted(plain.problems(refused) + problems, key=lambda problem: problem.line or 0)
    if problems or document is None:
        raise WorkflowFileError(problems)
    return _workflow(document, workflow_id, project)


def _workflow(document: shape.WorkflowFile, workflow_id: str, project: str) -> Workflow:
    trigger = _trigger(document["trigger"]) if "trigger" in document else None
    steps = tuple(_step(step) for step in document.get("steps", ()))
    results = {name: _result(ref) for name, ref in document.get("results", {}).items()}
    description = document.get("description") or ""
    return Workflow(workflow_id, project, document["name"], description, trigger, steps, results)


def _trigger(
    trigger: shape.ActionTrigger | shape.ManualTrigger | shape.CronTrigger,
) -> Trigger:
    if "manual" in trigger:
        return ManualTrigger(_outputs((trigger["manual"] or {}).get("outputs", ())))
    if "cron" in trigger:
        cron = trigger["cron"]
        timezone = cron.get("timezone", "UTC")
        return CronTrigger(cron["schedule"], timezone, _outputs(cron.get("outputs", ())))
    return ActionTrigger(
        trigger["action"],
        trigger.get("version"),
        _bindings(trigger.get("inputs", {})),
        _outputs(trigger.get("outputs", ())),
    )


def _outputs(outputs: list[shape.Output] | tuple[()]) -> tuple[OutputSpec, ...]:
    return tuple(
        OutputSpec(
            output["name"],
            IoType.parse(output["type"]),
            output.get("optional", False),
            tuple(output.get("enum_values", ())),
        )
        for output in outputs
    )


def _step(step: shape.Step) -> Step:
    retry = step.get("retry")
    return Step(
        step["id"],
        step["action"],
        step.get("version"),
        _bindings(step.get("inputs", {})),
        step.get("when", "").strip(),
        None
        if retry is None
        else Retry(retry.get("attempts", 1), float(retry.get("backoff_seconds", 0.0))),
        float(step["timeout"]) if "timeout" in step else None,
        tuple(step.get("needs", ())),
    )


def _bindings(inputs: Mapping[str, shape.Binding]) -> dict[str, bindings.Binding]:
    return {name: _binding(value) for name, value in inputs.items()}


def _binding(value: shape.Binding) -> bindings.Binding:
    if not isinstance(value, dict):
        return bindings.LiteralBinding(value)
    [(source, name)] = cast(dict[str, str], value).items()  # the shape admits one key
    return bindings.named_binding(source, name)


def _result(ref: str | shape.RefForm) -> Ref:
    return Ref.parse(ref if isinstance(ref, str) else ref["ref"])
