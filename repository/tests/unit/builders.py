"""Domain objects for unit tests."""

from __future__ import annotations

from datetime import UTC, datetime

from flowloom.repository.domain.action import ActionDefinition
from flowloom.repository.domain.catalog import Action, ActionState, ScannedContent
from flowloom.repository.domain.scan import ScannedAction
from flowloom.repository.domain.source import Source

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def definition(action_id: str = "act", version: str = "1.0") -> ActionDefinition:
    return ActionDefinition(action_id, version, "Processor", f"Action {action_id}", "python3")


def content(digest: str = "d1", action_id: str = "act", sha: str = "sha1") -> ScannedContent:
    return ScannedContent(definition(action_id), digest, sha, f"s3://b/{digest}", None, None)


def action(state: ActionState = ActionState.SCANNED, build_id: str | None = None) -> Action:
    record = Action("a1", "p1", "s1", "act", ActionState.SCANNED, NOW, NOW, "sha0")
    record.rescanned(content(), NOW)
    record.state, record.current_build_id = state, build_id
    return record


def source(source_id: str = "s1", name: str = "main-source") -> Source:
    return Source(source_id, "p1", name, "file:///r", "main", NOW, NOW)


def found(path: str, action_id: str, digest: str, version: str = "1.0") -> ScannedAction:
    return ScannedAction(path, definition(action_id, version), digest, f"s3://b/{digest}")
