"""Validated action definitions and the scan errors that reject them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("Processor", "Source", "Publisher")
ACTION_TYPES = ("python3", "python3-cuda", "nodejs", "csharp-dotnet6")
IO_TYPES = (
    "string",
    "longstring",
    "password",
    "integer",
    "float",
    "boolean",
    "enum",
    "file",
    "directory",
    "bytes",
    "table",
)


@dataclass(frozen=True)
class IoItem:
    name: str
    human_name: str
    help: str
    type: str
    enum_values: tuple[str, ...] = ()
    default_value: object = None
    optional: bool = False


@dataclass(frozen=True)
class Resources:
    cpu: float | None = None
    memory_bytes: int | None = None
    time_seconds: float | None = None
    gpu: float | None = None


@dataclass(frozen=True)
class ActionDefinition:
    id: str
    version: str | None
    kind: str
    human_name: str
    type: str
    description: str | None = None
    logo: str | None = None
    categories: tuple[str, ...] = ()
    dependencies: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    resources: Resources = field(default_factory=Resources)
    dynamic_outputs: bool = False
    addons: dict[str, Any] = field(default_factory=dict)
    inputs: tuple[IoItem, ...] = ()
    outputs: tuple[IoItem, ...] = ()


@dataclass(frozen=True)
class ScanError:
    """One reason an action directory is rejected; path is relative to the repository root."""

    path: str
    line: int | None
    field: str | None
    message: str
