"""A published action as the JSON document of its row (the logo has its own column)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flowloom.studio.domain.actions import ActionKind, PublishedAction, Resources
from flowloom.studio.domain.io import IoItem, IoType


def action_document(action: PublishedAction) -> dict[str, Any]:
    resources = action.resources
    return {
        "action_id": action.action_id,
        "artefact": action.artefact,
        "type": action.type,
        "categories": list(action.categories),
        "inputs": [_item(item) for item in action.inputs],
        "outputs": [_item(item) for item in action.outputs],
        "dynamic_outputs": action.dynamic_outputs,
        "resources": [resources.cpu, resources.memory_bytes, resources.time_seconds, resources.gpu],
        "addons": dict(action.addons),
        "source_id": action.source_id,
        "source_name": action.source_name,
        "source_sha": action.source_sha,
        "content_digest": action.content_digest,
        "build_id": action.build_id,
        "published_at": action.published_at.isoformat() if action.published_at else None,
    }


def action_from_row(row: Any) -> PublishedAction:
    doc: dict[str, Any] = row.document
    cpu, memory, time, gpu = doc["resources"]
    published = doc.get("published_at")
    return PublishedAction(
        project=row.project_id,
        action_id=doc["action_id"],
        technical_name=row.technical_name,
        version=row.version,
        kind=ActionKind(row.kind),
        artefact=doc["artefact"],
        type=doc["type"],
        human_name=row.human_name,
        description=row.description,
        categories=tuple(doc["categories"]),
        inputs=tuple(_io(item) for item in doc["inputs"]),
        outputs=tuple(_io(item) for item in doc["outputs"]),
        dynamic_outputs=doc["dynamic_outputs"],
        resources=Resources(cpu, memory, time, gpu),
        addons=doc["addons"],
        logo=row.logo,
        logo_media_type=row.logo_media_type,
        source_id=doc["source_id"],
        source_name=doc["source_name"],
        source_sha=doc["source_sha"],
        content_digest=doc["content_digest"],
        build_id=doc["build_id"],
        published_at=datetime.fromisoformat(published) if published else None,
    )


def _item(item: IoItem) -> dict[str, Any]:
    return {
        "name": item.name,
        "type": item.type.value,
        "human_name": item.human_name,
        "help": item.help,
        "enum_values": list(item.enum_values),
        "optional": item.optional,
        "has_default": item.has_default,
        "default": item.default,
    }


def _io(data: dict[str, Any]) -> IoItem:
    return IoItem(
        name=data["name"],
        type=IoType(data["type"]),
        human_name=data["human_name"],
        help=data["help"],
        enum_values=tuple(data["enum_values"]),
        optional=data["optional"],
        has_default=data["has_default"],
        default=data["default"],
    )
