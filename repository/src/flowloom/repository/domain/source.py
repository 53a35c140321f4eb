"""Git sources of a project and the scans of their branches, tags and commits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flowloom.repository.domain.action import ScanError
from flowloom.repository.domain.errors import ValidationFailed

URL_SCHEMES = ("https://", "ssh://", "file://")
# scp-like ssh syntax: git@host:owner/repo.git
_SCP_LIKE = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s]+$")
_BRANCH = re.compile(r"^[^\s~^:?*\[\\]+$")


@dataclass(frozen=True)
class Credentials:
    """Username + password/token for https, or an SSH private key; never shown or logged."""

    username: str | None = None
    password: str | None = None
    ssh_private_key: str | None = None

    def __repr__(self) -> str:
        return "Credentials(***)"


_PASSWORD_IN_URL = re.compile(r"^[a-z]+://[^/@\s]*:[^/@\s]*@")


def check_url(url: str) -> str:
    url = url.strip()
    if _PASSWORD_IN_URL.match(url):
        raise ValidationFailed(
            "the URL must not hold a password: give it in the credentials instead",
            field="body.url",
        )
    if url.startswith(URL_SCHEMES) or _SCP_LIKE.match(url):
        return url
    raise ValidationFailed(
        "the URL must start with https://, ssh:// or file:// (or be user@host:path)",
        field="body.url",
    )


def check_branch(branch: str, field: str = "body.branch") -> str:
    """A branch, tag or commit name git accepts (never an option)."""
    if not _BRANCH.match(branch) or branch.startswith("-"):
        raise ValidationFailed(f"'{branch}' is not a valid branch, tag or commit", field=field)
    return branch


@dataclass(eq=False)
class Source:
    """A git repository of a project; its credentials are stored sealed (see CredentialCipher)."""

    id: str
    project_id: str
    name: str
    url: str
    default_branch: str
    created_at: datetime
    updated_at: datetime
    sealed_credentials: str | None = None

    @property
    def has_credentials(self) -> bool:
        return self.sealed_credentials is not None


class ScanState(StrEnum):
    RUNNING = "Running"
    DONE = "Done"
    FAILED = "Failed"


INTERRUPTED = "interrupted by a restart"


@dataclass(eq=False)
class Scan:
    """One scan of a source at a ref; never Failed because one action is bad."""

    id: str
    project_id: str
    source_id: str
    ref: str
    state: ScanState
    started_at: datetime
    sha: str | None = None
    error: str | None = None
    errors: list[ScanError] = field(default_factory=list)
    finished_at: datetime | None = None

    def succeed(self, sha: str, errors: list[ScanError], now: datetime) -> None:
        self.state, self.sha, self.errors, self.finished_at = ScanState.DONE, sha, errors, now

    def fail(self, message: str, now: datetime) -> None:
        self.state, self.error, self.finished_at = ScanState.FAILED, message, now
