"""Rescan rules: apply one scan result to the action records of a source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flowloom.repository.domain.action import ScanError
from flowloom.repository.domain.catalog import Action, ActionState, ScannedContent
from flowloom.repository.domain.scan import ScannedAction, ScanResult
from flowloom.repository.domain.source import Source

METADATA_FILE = "ryax_metadata.yaml"


@dataclass
class Reconciliation:
    """Records to add, records changed, builds to cancel, and every scan error."""

    added: list[Action] = field(default_factory=list)
    changed: list[Action] = field(default_factory=list)
    cancelled_builds: list[str] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)


def _key(action: Action) -> tuple[str, str] | None:
    if action.state is ActionState.SCAN_ERROR or action.technical_name is None:
        return None
    return action.technical_name, action.version or ""


def _duplicate_error(found: ScannedAction, owner: str, path: str) -> ScanError:
    definition = found.definition
    return ScanError(
        f"{found.path}/{METADATA_FILE}" if found.path != "." else METADATA_FILE,
        None,
        "spec.id",
        f"action {definition.id} version {definition.version or ''} is already provided by "
        f"source {owner} at path {path}",
    )


def reconcile(
    source: Source,
    result: ScanResult,
    existing: list[Action],
    project_actions: list[Action],
    source_names: dict[str, str],
    new_id: Callable[[], str],
    now: datetime,
) -> Reconciliation:
    """Apply `result` to `existing` (this source's records).

    `project_actions` are the project's records of other sources; `source_names` names their
    sources for the duplicate message. A technical name + version already provided elsewhere
    (or earlier in this scan) rejects the later one.
    """
    outcome = Reconciliation(errors=list(result.errors))
    by_path = {action.path: action for action in existing}
    taken: dict[tuple[str, str], tuple[str, str]] = {}
    for other in project_actions:
        key = _key(other)
        if key is not None and other.source_id != source.id:
            taken.setdefault(key, (source_names.get(other.source_id, other.source_id), other.path))
    rejected = {path: list(errors) for path, errors in result.rejected.items()}
    valid: list[ScannedAction] = []
    for found in sorted(result.actions, key=lambda item: item.path):
        key = (found.definition.id, found.definition.version or "")
        if key in taken:
            error = _duplicate_error(found, *taken[key])
            rejected[found.path] = [error]
            outcome.errors.append(error)
            continue
        taken[key] = (source.name, found.path)
        valid.append(found)
    for found in valid:
        content = ScannedContent(
            found.definition,
            found.digest,
            result.sha,
            found.source_archive,
            found.logo,
            found.logo_media_type,
        )
        record = by_path.pop(found.path, None)
        if record is None:
            record = _new(source, found.path, result.sha, new_id(), now)
            record.rescanned(content, now)
            outcome.added.append(record)
        elif (build_id := record.rescanned(content, now)) is not None:
            outcome.cancelled_builds.append(build_id)
    for path, errors in sorted(rejected.items()):
        record = by_path.pop(path, None)
        if record is None:
            record = _new(source, path, result.sha, new_id(), now)
            record.rejected(errors, result.sha, now)
            outcome.added.append(record)
        elif (build_id := record.rejected(errors, result.sha, now)) is not None:
            outcome.cancelled_builds.append(build_id)
    for record in by_path.values():
        record.missing(now)
    outcome.changed = [a for a in existing if a not in outcome.added]
    return outcome


def _new(source: Source, path: str, sha: str, action_id: str, now: datetime) -> Action:
    return Action(
        id=action_id,
        project_id=source.project_id,
        source_id=source.id,
        path=path,
        state=ActionState.SCANNED,
        created_at=now,
        updated_at=now,
        sha=sha,
    )
