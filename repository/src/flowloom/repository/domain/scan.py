"""The outcome of scanning a whole repository at one commit."""

from __future__ import annotations

from dataclasses import dataclass, field

from flowloom.repository.domain.action import ActionDefinition, ScanError


@dataclass(frozen=True)
class ScannedAction:
    """A valid action found at path (its directory, relative to the repository root)."""

    path: str
    definition: ActionDefinition
    digest: str
    source_archive: str = ""
    logo: bytes | None = None
    logo_media_type: str | None = None


@dataclass(frozen=True)
class ScanResult:
    """Valid actions and the errors of rejected ones; one bad action never fails the scan."""

    sha: str
    ref: str
    actions: list[ScannedAction] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    # The errors again, grouped by the action directory they reject.
    rejected: dict[str, list[ScanError]] = field(default_factory=dict)


class ScanFailed(Exception):
    """The whole repository could not be scanned (unreachable, unknown ref, auth failure)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
