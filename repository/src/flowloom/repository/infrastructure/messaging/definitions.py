"""An action's definition as the protobuf messages of `repository.events`."""

from __future__ import annotations

import json

from flowloom.repository.domain.action import ActionDefinition, IoItem
from flowloom.repository.infrastructure.messaging.protobuf.common.v1 import io_type_pb2
from flowloom.repository.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as pb,
)


def io_item(item: IoItem) -> pb.IoItem:
    has_default = item.default_value is not None
    return pb.IoItem(
        name=item.name,
        human_name=item.human_name,
        help=item.help,
        # `item.type` is one of the domain's IO_TYPES, `table` already read as `file`
        type=io_type_pb2.IoType.Value(f"IO_TYPE_{item.type.upper()}"),
        legacy_type=item.type,  # for a consumer older than the enum
        enum_values=list(item.enum_values),
        optional=item.optional,
        has_default=has_default,
        default_value_json=json.dumps(item.default_value) if has_default else "",
    )


def resources(definition: ActionDefinition) -> pb.Resources:
    wanted = definition.resources
    return pb.Resources(
        cpu=wanted.cpu or 0.0,
        memory_bytes=wanted.memory_bytes or 0,
        time_seconds=wanted.time_seconds or 0.0,
        gpu=wanted.gpu or 0.0,
    )


def python_version(definition: ActionDefinition) -> str:
    python = definition.options.get("python")
    version = python.get("version") if isinstance(python, dict) else None
    return str(version) if version is not None else ""
