"""Project variables: named, typed values a workflow binds by name."""

from __future__ import annotations

from dataclasses import dataclass

from flowloom.studio.domain.io import IoType, LiteralValue


@dataclass(frozen=True)
class ProjectVariable:
    """A project variable; a ``file``/``directory`` variable's value is an object-store key.

    Project secrets are not variables: validation and freezing only need their names.
    """

    name: str
    type: IoType
    value: LiteralValue
