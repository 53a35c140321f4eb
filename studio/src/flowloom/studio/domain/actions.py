"""The action store: actions published by the repository service, as the studio shows them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flowloom.studio.domain.io import IoItem


class ActionKind(StrEnum):
    """A Source is a trigger; Processors and Publishers are steps."""

    PROCESSOR = "Processor"
    PUBLISHER = "Publisher"
    SOURCE = "Source"

    @property
    def is_trigger(self) -> bool:
        return self is ActionKind.SOURCE


@dataclass(frozen=True)
class Resources:
    """What one execution may use; 0 means "not requested"."""

    cpu: float = 0.0
    memory_bytes: int = 0
    time_seconds: float = 0.0
    gpu: float = 0.0


@dataclass(frozen=True)
class PublishedAction:
    """One built version of an action of a project (an ``ActionPublished`` event).

    ``action_id`` is the repository's id of this action version; workflows name actions by
    ``technical_name`` (``spec.id``) and optionally ``version``.
    """

    project: str
    action_id: str
    technical_name: str
    version: str
    kind: ActionKind
    artefact: str
    type: str = "python3"
    human_name: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()
    inputs: tuple[IoItem, ...] = ()
    outputs: tuple[IoItem, ...] = ()
    dynamic_outputs: bool = False
    resources: Resources = field(default_factory=Resources)
    addons: Mapping[str, object] = field(default_factory=dict)
    logo: bytes = b""
    logo_media_type: str = ""
    source_id: str = ""
    source_name: str = ""
    source_sha: str = ""
    content_digest: str = ""
    build_id: str = ""
    published_at: datetime | None = None

    def input(self, name: str) -> IoItem | None:
        return next((item for item in self.inputs if item.name == name), None)

    def output(self, name: str) -> IoItem | None:
        return next((item for item in self.outputs if item.name == name), None)

    @property
    def label(self) -> str:
        """``name version`` for messages."""
        return f"'{self.technical_name}' version {self.version}"
