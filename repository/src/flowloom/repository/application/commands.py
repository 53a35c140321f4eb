"""Inputs of the use cases, already parsed by the API."""

from __future__ import annotations

from dataclasses import dataclass

from flowloom.repository.domain.source import Credentials


@dataclass(frozen=True)
class CreateSource:
    name: str
    url: str
    branch: str = "main"
    credentials: Credentials | None = None


@dataclass(frozen=True)
class UpdateSource:
    """None leaves a field as it is; `clear_credentials` removes stored credentials."""

    name: str | None = None
    url: str | None = None
    branch: str | None = None
    credentials: Credentials | None = None
    clear_credentials: bool = False
