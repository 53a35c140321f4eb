"""Request and response bodies of sources and scans."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from flowloom.repository.domain.action import ScanError
from flowloom.repository.domain.source import Credentials, Scan, ScanState
from flowloom.servicekit.kernel import copied
from flowloom.servicekit.web.shown import Shown

Name = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^\S(.*\S)?$")]
Ref = Annotated[str, Field(min_length=1, max_length=255)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CredentialsIn(Body):
    """Username + password/token (https), or an SSH private key (ssh). Write-only."""

    username: Annotated[str | None, Field(max_length=256)] = None
    password: Annotated[str | None, Field(max_length=4096, description="Password or token.")] = None
    ssh_private_key: Annotated[str | None, Field(max_length=16384)] = None

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if self.ssh_private_key and (self.username or self.password):
            raise ValueError("give either a username and password, or an SSH private key")
        if not (self.ssh_private_key or self.password):
            raise ValueError("give a password/token or an SSH private key")
        return self

    def domain(self) -> Credentials:
        return Credentials(self.username, self.password, self.ssh_private_key)

    def __repr__(self) -> str:
        return "CredentialsIn(***)"


class SourceCreate(Body):
    name: Name
    url: Annotated[str, Field(min_length=1, max_length=2048, examples=["https://host/repo.git"])]
    branch: Ref | None = Field(
        None,
        description="The branch scans read by default. Left out: the repository's own default "
        "branch (its HEAD, e.g. `main` or `master`), which the first scan resolves and keeps.",
    )
    credentials: CredentialsIn | None = None

    def given_credentials(self) -> Credentials | None:
        return None if self.credentials is None else self.credentials.domain()


class SourceUpdate(Body):
    """Fields left out stay as they are."""

    name: Name | None = None
    url: Annotated[str | None, Field(min_length=1, max_length=2048)] = None
    branch: Ref | None = None
    credentials: CredentialsIn | None = None
    clear_credentials: StrictBool = Field(False, description="Remove the stored credentials.")

    def given_credentials(self) -> Credentials | None:
        return None if self.credentials is None else self.credentials.domain()


class SourceOut(Shown):
    id: str
    name: str
    url: str
    default_branch: str | None = Field(
        description="The branch scans read by default; null: the repository's default branch "
        "(its HEAD), until a scan has resolved it."
    )
    has_credentials: bool
    created_at: datetime
    updated_at: datetime


class SourcePage(BaseModel):
    items: list[SourceOut]
    next_cursor: str | None


class ScanRequest(Body):
    ref: Ref | None = Field(
        None,
        description="Branch, tag or commit; default: the source's branch (`HEAD`: the "
        "repository's default branch, the scan's `ref` then says which).",
    )


class ScanErrorOut(BaseModel):
    file: str = Field(description="Path of the file, relative to the repository root.")
    line: int | None
    field: str | None = Field(description="Field path in ryax_metadata.yaml, when it applies.")
    message: str

    @classmethod
    def of(cls, error: ScanError) -> ScanErrorOut:
        return cls(file=error.path, line=error.line, field=error.field, message=error.message)


class ScanOut(BaseModel):
    id: str
    source_id: str
    ref: str
    state: ScanState
    sha: str | None
    error: str | None = Field(description="Why the whole scan failed (state Failed).")
    errors: list[ScanErrorOut] = Field(description="Errors of the actions it rejected.")
    started_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, scan: Scan) -> ScanOut:
        return copied(cls, scan, errors=[ScanErrorOut.of(error) for error in scan.errors])


class ScanPage(BaseModel):
    items: list[ScanOut]
    next_cursor: str | None
