"""Writing a Workflow as ``workflow.yaml`` (the form ``read_workflow`` reads back)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from flowloom.studio.domain.bindings import Binding, LiteralBinding, source_and_name
from flowloom.studio.domain.io import OutputSpec
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger, ManualTrigger, Trigger
from flowloom.studio.domain.workflow import Retry, Step, Workflow
from flowloom.studio.infrastructure.workflow_file.shape import API_VERSION, KIND


class _Flow(dict[str, Any]):
    """A small mapping written on one line: ``{ref: writer.outfile}``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # indent lists under their key, as in §7


def _flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(_Flow, _flow)
_Dumper.add_representer(str, _text)


def write_workflow(workflow: Workflow) -> str:
    """The YAML text of ``workflow`` (the id and project are not part of the file)."""
    return yaml.dump(
        workflow_document(workflow), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def workflow_document(workflow: Workflow) -> dict[str, Any]:
    """The file as plain data (what the JSON Schema describes), fields in the §7 order."""
    document: dict[str, Any] = {"apiVersion": API_VERSION, "kind": KIND, "name": workflow.name}
    if workflow.description:
        document["description"] = workflow.description
    if workflow.trigger is not None:
        document["trigger"] = _trigger(workflow.trigger)
    if workflow.steps:
        document["steps"] = [_step(step) for step in workflow.steps]
    if workflow.results:
        document["results"] = {name: str(target) for name, target in workflow.results.items()}
    return document


def _trigger(trigger: Trigger) -> dict[str, Any]:
    match trigger:
        case ActionTrigger():
            data: dict[str, Any] = {"action": trigger.action}
            if trigger.version is not None:
                data["version"] = trigger.version
            if trigger.inputs:
                data["inputs"] = _bindings(trigger.inputs)
            if trigger.outputs:
                data["outputs"] = _outputs(trigger.outputs)
            return data
        case ManualTrigger(outputs=outputs):
            return {"manual": {"outputs": _outputs(outputs)} if outputs else {}}
        case CronTrigger():
            cron: dict[str, Any] = {"schedule": trigger.schedule}
            if trigger.timezone != "UTC":
                cron["timezone"] = trigger.timezone
            if trigger.outputs:
                cron["outputs"] = _outputs(trigger.outputs)
            return {"cron": cron}


def _outputs(outputs: tuple[OutputSpec, ...]) -> list[dict[str, Any]]:
    written: list[dict[str, Any]] = []
    for output in outputs:
        data = _Flow(name=output.name, type=output.type.value)
        if output.optional:
            data["optional"] = True
        if output.enum_values:
            data["enum_values"] = list(output.enum_values)
        written.append(data)
    return written


def _step(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {"id": step.id, "action": step.action}
    if step.version is not None:
        data["version"] = step.version
    if step.needs:
        data["needs"] = list(step.needs)
    if step.when:
        data["when"] = step.when
    if step.retry is not None:
        data["retry"] = _retry(step.retry)
    if step.timeout_seconds is not None:
        data["timeout"] = _number(step.timeout_seconds)
    if step.inputs:
        data["inputs"] = _bindings(step.inputs)
    return data


def _retry(retry: Retry) -> _Flow:
    return _Flow(attempts=retry.attempts, backoff_seconds=_number(retry.backoff_seconds))


def _bindings(bindings: Mapping[str, Binding]) -> dict[str, Any]:
    return {name: _binding(binding) for name, binding in bindings.items()}


def _binding(binding: Binding) -> Any:
    if isinstance(binding, LiteralBinding):
        return binding.value
    source, name = source_and_name(binding)
    return _Flow({source: name})


def _number(value: float) -> int | float:
    """``60`` rather than ``60.0`` for whole seconds (read back as 60.0 all the same)."""
    return int(value) if value.is_integer() else value
