"""Deployment orders as the studio would send them (protobuf), built from fixture actions."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml

from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.runner.infrastructure.messaging.workflow_codec import literal_message
from flowloom.servicekit.messaging import Envelope
from flowloom.testkit.events import envelope

from .actions import ACTIONS


def artefact(action_id: str, envs: dict[str, Path], **resources: float) -> pb.ActionArtefact:
    spec = yaml.safe_load(ACTIONS[action_id][0])
    kind, body = spec["kind"], spec["spec"]

    def io(items: list[dict[str, Any]]) -> list[pb.IoSpec]:
        return [pb.IoSpec(name=i["name"], type=f"IO_TYPE_{i['type'].upper()}",
                          optional=bool(i.get("optional")))
                for i in items]  # fmt: skip

    return pb.ActionArtefact(
        action_id=action_id,
        version=body["version"],
        kind=kind,
        artefact=f"file://{envs[action_id]}",
        inputs=io(body.get("inputs", [])),
        outputs=io(body.get("outputs", [])),
        resources=pb.Resources(**resources),
    )


def literal(value: object) -> pb.Literal:
    """The runner's own encoding of a scalar; anything else as its text."""
    scalar = value if isinstance(value, bool | int | float | str) else str(value)
    return literal_message(scalar)


def bindings(inputs: dict[str, object]) -> list[pb.Binding]:
    """`"a.b"` strings in a tuple are refs: `("ref", "writer.outfile")`; anything else literal."""
    result = []
    for name, value in inputs.items():
        if isinstance(value, tuple) and value[0] == "ref":
            node, output = value[1].split(".")
            result.append(pb.Binding(input=name, ref=pb.Reference(node=node, output=output)))
        elif isinstance(value, tuple) and value[0] == "secret":
            result.append(pb.Binding(input=name, secret=value[1]))
        else:
            result.append(pb.Binding(input=name, literal=literal(value)))
    return result


def ref(path: str) -> tuple[str, str]:
    return ("ref", path)


def step(
    step_id: str,
    action_id: str,
    envs: dict[str, Path],
    inputs: dict[str, object] | None = None,
    *,
    when: str = "",
    attempts: int = 1,
    backoff: float = 0.0,
    timeout: float = 0.0,
) -> pb.Step:
    return pb.Step(
        id=step_id,
        action=artefact(action_id, envs),
        inputs=bindings(inputs or {}),
        when=when,
        retry=pb.Retry(attempts=attempts, backoff_seconds=backoff),
        timeout_seconds=timeout,
    )


def manual(**outputs: str) -> pb.Trigger:
    specs = [
        pb.IoSpec(name=name, type=f"IO_TYPE_{io_type.upper()}") for name, io_type in outputs.items()
    ]
    return pb.Trigger(manual=pb.ManualTrigger(outputs=specs))


def deployment(
    project_id: str,
    trigger: pb.Trigger,
    steps: list[pb.Step],
    results: dict[str, str] | None = None,
    *,
    workflow_id: str | None = None,
    name: str = "test workflow",
) -> tuple[str, Envelope]:
    workflow_id = workflow_id or str(uuid.uuid4())
    version = pb.WorkflowVersion(
        workflow_id=workflow_id,
        workflow_version_id=str(uuid.uuid4()),
        name=name,
        number=1,
        trigger=trigger,
        steps=steps,
        results=[
            pb.WorkflowResult(
                name=n, ref=pb.Reference(node=r.split(".")[0], output=r.split(".")[1])
            )
            for n, r in (results or {}).items()
        ],
    )
    message = pb.WorkflowDeploymentRequested(
        event_id=str(uuid.uuid4()), project_id=project_id, version=version
    )
    return workflow_id, envelope("studio.events", "workflow.deployment_requested", message)


def undeployment(project_id: str, workflow_id: str) -> Envelope:
    message = pb.WorkflowUndeploymentRequested(
        event_id=str(uuid.uuid4()), project_id=project_id, workflow_id=workflow_id
    )
    return envelope("studio.events", "workflow.undeployment_requested", message)
