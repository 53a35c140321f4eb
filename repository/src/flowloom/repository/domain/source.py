"""Git sources of a project and the scans of their branches, tags and commits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flowloom.repository.domain.action import ScanError
from flowloom.repository.domain.errors import ValidationFailed
from flowloom.repository.domain.reach import locate

_BRANCH = re.compile(r"^[^\s~^:?*\[\\]+$")
# The ref a scan reads when its source names no branch: the remote's HEAD, i.e. its default
# branch (`main`, `master`, …), resolved by the scan and kept on the source.
REMOTE_HEAD = "HEAD"


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
    """A URL of a form we read (https, ssh, scp-like, file); where it leads is the gate's job."""
    url = url.strip()
    if _PASSWORD_IN_URL.match(url):
        raise ValidationFailed(
            "body.url", "the URL must not hold a password: give it in the credentials instead"
        )
    locate(url)
    return url


def check_branch(branch: str, field: str = "body.branch") -> str:
    """A branch, tag or commit name git accepts (never an option)."""
    if not _BRANCH.match(branch) or branch.startswith("-"):
        raise ValidationFailed(field, f"'{branch}' is not a valid branch, tag or commit")
    return branch


@dataclass(eq=False)
class Source:
    """A git repository of a project; its credentials are stored sealed (see CredentialCipher)."""

    id: str
    project_id: str
    name: str
    url: str
    default_branch: str | None  # None: the remote's default branch, not resolved by a scan yet
    created_at: datetime
    updated_at: datetime
    sealed_credentials: str | None = None
    # Who set the URL, and whether they were a platform administrator then: every scan reads
    # the repository with that person's reach (docs/security/sources.md).
    url_set_by: str | None = None
    url_set_by_admin: bool = False

    @property
    def has_credentials(self) -> bool:
        return self.sealed_credentials is not None

    def point_to(self, url: str, set_by: str, by_admin: bool) -> None:
        self.url, self.url_set_by, self.url_set_by_admin = url, set_by, by_admin

    @property
    def branch_to_scan(self) -> str:
        return self.default_branch or REMOTE_HEAD

    def learn_default_branch(self, scanned: Scan, branch: str) -> None:
        """Keep the branch a scan of the remote's HEAD found, when the source names none."""
        if self.default_branch is None and scanned.ref == REMOTE_HEAD and branch != REMOTE_HEAD:
            self.default_branch = branch


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

    def succeed(self, sha: str, errors: list[ScanError], now: datetime, ref: str) -> None:
        """Done at `sha`; `ref` is what the scan read (the branch the remote's HEAD named)."""
        self.state, self.sha, self.errors, self.finished_at = ScanState.DONE, sha, errors, now
        self.ref = ref

    def fail(self, message: str, now: datetime) -> None:
        self.state, self.error, self.finished_at = ScanState.FAILED, message, now
