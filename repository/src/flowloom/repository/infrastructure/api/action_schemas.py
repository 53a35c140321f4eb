"""Response bodies of actions and builds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from flowloom.repository.domain.action import ActionDefinition, IoItem
from flowloom.repository.domain.build import Build, BuildState
from flowloom.repository.domain.catalog import Action, ActionState
from flowloom.repository.infrastructure.api.schemas import ScanErrorOut
from flowloom.servicekit.kernel import copied


class IoItemOut(BaseModel):
    name: str
    human_name: str
    help: str
    type: str
    enum_values: list[str]
    default_value: Any = None
    optional: bool

    @classmethod
    def of(cls, item: IoItem) -> IoItemOut:
        return copied(cls, item, enum_values=list(item.enum_values))


class ResourcesOut(BaseModel):
    cpu: float | None
    memory_bytes: int | None
    time_seconds: float | None
    gpu: float | None


class ActionOut(BaseModel):
    id: str
    source_id: str
    path: str = Field(description="Directory of the action in its repository.")
    state: ActionState
    technical_name: str | None
    version: str | None
    kind: str | None
    type: str | None
    human_name: str | None
    description: str | None
    categories: list[str]
    dependencies: list[str]
    has_logo: bool
    inputs: list[IoItemOut]
    outputs: list[IoItemOut]
    dynamic_outputs: bool
    resources: ResourcesOut | None
    addons: dict[str, Any]
    options: dict[str, Any]
    content_digest: str | None
    sha: str = Field(description="The commit of the latest scan that saw this path.")
    source_archive: str | None
    artefact: str | None
    present_in_latest_scan: bool
    published: bool
    current_build_id: str | None
    errors: list[ScanErrorOut]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, action: Action) -> ActionOut:
        return copied(
            cls,
            action,
            has_logo=bool(action.logo),
            published=action.is_published,
            errors=[ScanErrorOut.of(error) for error in action.errors],
            **_defined(action.definition),
        )


def _defined(definition: ActionDefinition | None) -> dict[str, Any]:
    """What an action's metadata defines, empty until a scan has validated it."""
    if definition is None:
        return {
            "type": None,
            "human_name": None,
            "description": None,
            "categories": [],
            "dependencies": [],
            "inputs": [],
            "outputs": [],
            "dynamic_outputs": False,
            "resources": None,
            "addons": {},
            "options": {},
        }
    return {
        "type": definition.type,
        "human_name": definition.human_name,
        "description": definition.description,
        "categories": list(definition.categories),
        "dependencies": list(definition.dependencies),
        "inputs": [IoItemOut.of(item) for item in definition.inputs],
        "outputs": [IoItemOut.of(item) for item in definition.outputs],
        "dynamic_outputs": definition.dynamic_outputs,
        "resources": ResourcesOut(**vars(definition.resources)),
        "addons": definition.addons,
        "options": definition.options,
    }


class ActionPage(BaseModel):
    items: list[ActionOut]
    next_cursor: str | None


class BuildOut(BaseModel):
    id: str
    action_id: str
    state: BuildState
    content_digest: str
    sha: str
    source_archive: str
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_seconds: float | None
    error: str | None
    cache_hit: bool
    artefact: str | None
    artefact_digest: str | None
    has_log: bool

    @classmethod
    def of(cls, build: Build) -> BuildOut:
        return copied(cls, build, has_log=build.logs is not None)


class BuildPage(BaseModel):
    items: list[BuildOut]
    next_cursor: str | None


class BuildList(BaseModel):
    items: list[BuildOut]
