"""Response bodies of the action store."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from flowloom.studio.application.actions import ActionSummary
from flowloom.studio.domain.actions import PublishedAction
from flowloom.studio.domain.io import IoItem
from flowloom.studio.infrastructure.api.definition import Schema


class IoItemOut(Schema):
    name: str
    type: str
    human_name: str
    help: str
    enum_values: list[str]
    optional: bool
    has_default: bool
    default: Any = Field(description="Meaningful when has_default.")

    @classmethod
    def of(cls, item: IoItem) -> IoItemOut:
        default = item.default if not isinstance(item.default, bytes) else None
        return cls(
            name=item.name, type=item.type.value, human_name=item.human_name, help=item.help,
            enum_values=list(item.enum_values), optional=item.optional,
            has_default=item.has_default, default=default,
        )  # fmt: skip


class ResourcesOut(Schema):
    cpu: float
    memory_bytes: int
    time_seconds: float
    gpu: float


class ActionSummaryOut(Schema):
    technical_name: str
    human_name: str
    description: str
    kind: str = Field(description="Source (a trigger), Processor or Publisher.")
    categories: list[str]
    latest_version: str
    versions: list[str] = Field(description="Every published version, oldest first.")
    has_logo: bool

    @classmethod
    def of(cls, summary: ActionSummary) -> ActionSummaryOut:
        latest = summary.latest
        return cls(
            technical_name=latest.technical_name, human_name=latest.human_name,
            description=latest.description, kind=latest.kind.value,
            categories=list(latest.categories), latest_version=latest.version,
            versions=summary.versions, has_logo=bool(latest.logo),
        )  # fmt: skip


class ActionPage(Schema):
    items: list[ActionSummaryOut]
    next_cursor: str | None


class ActionOut(Schema):
    technical_name: str
    version: str
    action_id: str = Field(description="The repository's id of this action version.")
    kind: str
    type: str = Field(description="python3, nodejs…")
    human_name: str
    description: str
    categories: list[str]
    inputs: list[IoItemOut]
    outputs: list[IoItemOut]
    dynamic_outputs: bool = Field(description="A Source whose outputs the workflow declares.")
    resources: ResourcesOut
    addons: dict[str, Any]
    has_logo: bool
    source_name: str
    source_sha: str
    published_at: datetime | None

    @classmethod
    def of(cls, action: PublishedAction) -> ActionOut:
        r = action.resources
        return cls(
            technical_name=action.technical_name, version=action.version,
            action_id=action.action_id, kind=action.kind.value, type=action.type,
            human_name=action.human_name, description=action.description,
            categories=list(action.categories),
            inputs=[IoItemOut.of(i) for i in action.inputs],
            outputs=[IoItemOut.of(o) for o in action.outputs],
            dynamic_outputs=action.dynamic_outputs,
            resources=ResourcesOut(
                cpu=r.cpu, memory_bytes=r.memory_bytes, time_seconds=r.time_seconds, gpu=r.gpu
            ),
            addons=dict(action.addons), has_logo=bool(action.logo),
            source_name=action.source_name, source_sha=action.source_sha,
            published_at=action.published_at,
        )  # fmt: skip
