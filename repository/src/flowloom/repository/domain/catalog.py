"""An action record (one per source + path) and its state machine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flowloom.repository.domain.action import ActionDefinition, ScanError
from flowloom.repository.domain.errors import Conflict


class ActionState(StrEnum):
    SCANNED = "Scanned"
    SCAN_ERROR = "Scan Error"
    BUILD_PENDING = "Build Pending"
    BUILDING = "Building"
    BUILT = "Built"
    BUILD_ERROR = "Build Error"
    CANCELLED = "Cancelled"


BUILDABLE = (ActionState.SCANNED, ActionState.BUILD_ERROR, ActionState.CANCELLED, ActionState.BUILT)
IN_BUILD = (ActionState.BUILD_PENDING, ActionState.BUILDING)


@dataclass(frozen=True)
class ScannedContent:
    """What one scan found at an action path (a valid definition)."""

    definition: ActionDefinition
    content_digest: str
    sha: str
    source_archive: str
    logo: bytes | None
    logo_media_type: str | None


@dataclass(eq=False)
class Action:
    """State: Scanned → Build Pending → Building → Built | Build Error | Cancelled.

    A rescan with the same content digest keeps the state (and the artefact); changed content
    goes back to Scanned. What was published stays published until a newer build succeeds.
    """

    id: str
    project_id: str
    source_id: str
    path: str
    state: ActionState
    created_at: datetime
    updated_at: datetime
    sha: str
    definition: ActionDefinition | None = None
    errors: list[ScanError] = field(default_factory=list)
    technical_name: str | None = None
    version: str | None = None
    kind: str | None = None
    content_digest: str | None = None
    source_archive: str | None = None
    logo: bytes | None = None
    logo_media_type: str | None = None
    present_in_latest_scan: bool = True
    current_build_id: str | None = None
    artefact: str | None = None
    published_build_id: str | None = None
    published_technical_name: str | None = None
    published_version: str | None = None

    @property
    def is_published(self) -> bool:
        return self.published_build_id is not None

    # --- scanning -------------------------------------------------------------------------

    def rescanned(self, content: ScannedContent, now: datetime) -> str | None:
        """Apply a new valid scan; returns the id of an active build that must be cancelled."""
        same = content.content_digest == self.content_digest and self.state is not (
            ActionState.SCAN_ERROR
        )
        self._take(content, now)
        if same:
            return None
        active = self.current_build_id if self.state in IN_BUILD else None
        self.state, self.current_build_id, self.artefact = ActionState.SCANNED, None, None
        return active

    def rejected(self, errors: list[ScanError], sha: str, now: datetime) -> str | None:
        """The path no longer validates; returns the id of an active build to cancel."""
        active = self.current_build_id if self.state in IN_BUILD else None
        self.state, self.errors, self.sha, self.updated_at = (
            ActionState.SCAN_ERROR,
            errors,
            sha,
            now,
        )
        self.definition, self.content_digest, self.source_archive = None, None, None
        self.technical_name, self.version, self.kind = None, None, None
        self.current_build_id, self.artefact, self.present_in_latest_scan = None, None, True
        return active

    def missing(self, now: datetime) -> None:
        self.present_in_latest_scan, self.updated_at = False, now

    def _take(self, content: ScannedContent, now: datetime) -> None:
        definition = content.definition
        self.definition, self.errors = definition, []
        self.technical_name, self.version, self.kind = (
            definition.id,
            definition.version,
            definition.kind,
        )
        self.content_digest, self.sha = content.content_digest, content.sha
        self.source_archive = content.source_archive
        self.logo, self.logo_media_type = content.logo, content.logo_media_type
        self.present_in_latest_scan, self.updated_at = True, now

    # --- building -------------------------------------------------------------------------

    def request_build(self, build_id: str, now: datetime) -> None:
        if self.state is ActionState.SCAN_ERROR:
            raise Conflict("this action has scan errors: fix them and scan again before building")
        if self.state in IN_BUILD:
            raise Conflict(f"this action is already being built ({self.state.value})")
        if not self.present_in_latest_scan:
            raise Conflict("this action is no longer in its source: scan again to build it")
        self.state, self.current_build_id, self.updated_at = (
            ActionState.BUILD_PENDING,
            build_id,
            now,
        )

    def build_started(self, build_id: str, now: datetime) -> bool:
        if self.current_build_id != build_id or self.state is not ActionState.BUILD_PENDING:
            return False
        self.state, self.updated_at = ActionState.BUILDING, now
        return True

    def build_succeeded(self, build_id: str, artefact: str, now: datetime) -> bool:
        if not self._building(build_id):
            return False
        self.state, self.artefact, self.current_build_id = ActionState.BUILT, artefact, None
        self.published_build_id = build_id
        self.published_technical_name, self.published_version = self.technical_name, self.version
        self.updated_at = now
        return True

    def build_failed(self, build_id: str, now: datetime) -> bool:
        return self._end(build_id, ActionState.BUILD_ERROR, now)

    def build_cancelled(self, build_id: str, now: datetime) -> bool:
        return self._end(build_id, ActionState.CANCELLED, now)

    def _end(self, build_id: str, state: ActionState, now: datetime) -> bool:
        if not self._building(build_id):
            return False
        self.state, self.current_build_id, self.updated_at = state, None, now
        return True

    def _building(self, build_id: str) -> bool:
        return self.current_build_id == build_id and self.state in IN_BUILD
