"""Messages of the other services, built as they build them (protobuf on their exchanges)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from google.protobuf.timestamp_pb2 import Timestamp

from flowloom.servicekit.messaging import Envelope
from flowloom.studio.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as authorization_pb,
)
from flowloom.studio.infrastructure.messaging.protobuf.common.v1 import io_type_pb2
from flowloom.studio.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as repository_pb,
)
from flowloom.studio.infrastructure.messaging.protobuf.runner.v1 import (
    runner_events_pb2 as runner_pb,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def io(
    name: str, type_: str, *, optional: bool = False, default: object = ..., enum: tuple = ()
) -> repository_pb.IoItem:
    """An IO item as the repository sends it: the wire enum and the legacy name (only the name
    for a type the enum does not have)."""
    wire = f"IO_TYPE_{type_.upper()}"
    item = repository_pb.IoItem(
        name=name, human_name=name.title(), help=f"the {name}", legacy_type=type_,
        enum_values=list(enum), optional=optional,
    )  # fmt: skip
    if wire in io_type_pb2.IoType.DESCRIPTOR.values_by_name:
        item.type = io_type_pb2.IoType.Value(wire)
    if default is not ...:
        item.has_default = True
        item.default_value_json = json.dumps(default)
    return item


def _now() -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(datetime.now(UTC))
    return stamp


def _envelope(exchange: str, routing_key: str, message: object, event_id: str) -> Envelope:
    return Envelope(
        exchange=exchange,
        routing_key=routing_key,
        type=message.DESCRIPTOR.full_name,  # type: ignore[attr-defined]
        body=message.SerializeToString(),  # type: ignore[attr-defined]
        message_id=event_id,
    )


def action_published(
    project: str,
    name: str,
    version: str = "1.0",
    kind: str = "Processor",
    *,
    inputs: tuple[repository_pb.IoItem, ...] = (),
    outputs: tuple[repository_pb.IoItem, ...] = (),
    categories: tuple[str, ...] = (),
    description: str = "",
    logo: bytes = b"",
    dynamic_outputs: bool = False,
) -> Envelope:
    event_id = str(uuid.uuid4())
    message = repository_pb.ActionPublished(
        event_id=event_id,
        project_id=project,
        action_id=f"{name}-{version}-id",
        technical_name=name,
        version=version,
        kind=kind,
        type="python3",
        human_name=name.replace("-", " ").title(),
        description=description or f"The {name} action",
        categories=list(categories),
        logo=logo,
        logo_media_type="image/png" if logo else "",
        inputs=list(inputs),
        outputs=list(outputs),
        dynamic_outputs=dynamic_outputs,
        resources=repository_pb.Resources(cpu=0.5, memory_bytes=64 << 20, time_seconds=30),
        addons_json="{}",
        artefact=f"s3://artefacts/venv/{name}-{version}.tar.gz",
        source_id="src-1",
        source_name="actions-repo",
        source_sha="0123abcd",
        content_digest=f"sha256:{name}{version}",
        build_id=f"build-{name}-{version}",
        published_at=_now(),
    )
    return _envelope("repository.events", "action.published", message, event_id)


def action_unpublished(project: str, name: str, version: str) -> Envelope:
    event_id = str(uuid.uuid4())
    message = repository_pb.ActionUnpublished(
        event_id=event_id, project_id=project, action_id=f"{name}-{version}-id",
        technical_name=name, version=version, occurred_at=_now(),
    )  # fmt: skip
    return _envelope("repository.events", "action.unpublished", message, event_id)


def deployment_changed(
    project: str, workflow_id: str, version_id: str, state: str, message: str = ""
) -> Envelope:
    event_id = str(uuid.uuid4())
    body = runner_pb.WorkflowDeploymentChanged(
        event_id=event_id, project_id=project, workflow_id=workflow_id,
        workflow_version_id=version_id,
        state=runner_pb.DeploymentState.Value(f"DEPLOYMENT_STATE_{state.upper()}"),
        message=message, occurred_at=_now(),
    )  # fmt: skip
    return _envelope("runner.events", "workflow.deployment_changed", body, event_id)


def project_deleted(project: str) -> Envelope:
    event_id = str(uuid.uuid4())
    message = authorization_pb.ProjectDeleted(
        event_id=event_id, project_id=project, occurred_at=_now()
    )
    return _envelope("authorization.events", "project.deleted", message, event_id)


def tokens_revoked(user_id: str, project_id: str = "") -> Envelope:
    """Authorization revoking the tokens issued until now (of a user, in a project)."""
    event_id = str(uuid.uuid4())
    until = Timestamp()
    until.FromDatetime(datetime.now(UTC) + timedelta(minutes=15))
    message = authorization_pb.TokensRevoked(
        event_id=event_id, user_id=user_id, project_id=project_id, occurred_at=_now(),
        issued_before=_now(), expires_at=until,
        reason=authorization_pb.TOKEN_REVOCATION_REASON_MEMBERSHIP_ROLE_CHANGED,
    )  # fmt: skip
    return _envelope("authorization.events", "tokens.revoked", message, event_id)


# The actions of the tests' workflows (a Source, processors, a publisher).
def catalogue(project: str) -> list[Envelope]:
    return [
        action_published(
            project, "emitevery", "1.3", "Source",
            inputs=(io("seconds", "integer"),), outputs=(io("time", "string"),),
            categories=("timers",), logo=PNG,
        ),
        action_published(
            project, "str-to-txt", inputs=(io("instring", "string"),),
            outputs=(io("outfile", "file"),), categories=("text",),
        ),
        action_published(
            project, "catfile",
            inputs=(io("file", "file"), io("template", "file", optional=True)),
            outputs=(io("stdout", "longstring"),), categories=("text",),
        ),
        action_published(
            project, "send-email", "1.0", "Publisher",
            inputs=(
                io("subject", "string"), io("smtp_password", "password"),
                io("recipient", "string"),
                io("priority", "enum", enum=("low", "high"), default="low"),
            ),
            categories=("mail",),
        ),
    ]  # fmt: skip
