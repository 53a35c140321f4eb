"""Inputs of the use cases that take more than a couple of values."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Unchanged(Enum):
    """Marks a field of a partial update that the caller did not send."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class NewUser:
    username: str
    password: str
    full_name: str = ""
    email: str | None = None
    is_admin: bool = False


@dataclass(frozen=True)
class UserChanges:
    """An admin's partial update; None (or UNCHANGED for ``email``) keeps the current value.

    ``email`` needs its own marker because None is a real value there: it clears the address.
    """

    full_name: str | None = None
    email: str | Unchanged | None = UNCHANGED
    is_admin: bool | None = None
    active: bool | None = None
    password: str | None = None
