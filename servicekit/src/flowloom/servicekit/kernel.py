"""The few shapes every service's domain and application layers share: a page of a list, a
view copied from an object's fields, one asyncio lock per key, the expected errors
(`DomainError` and the four every API maps to a status) and the unit-of-work port. Standard
library only (an import contract keeps it so): these layers may import this module and
nothing else of servicekit."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Generic, Self, TypeVar

T = TypeVar("T")
EventT = TypeVar("EventT", contravariant=True)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list; pass ``next_cursor`` as ``after`` to get the next (None: last)."""

    items: list[T]
    next_cursor: str | None = None


def page_of(rows: list[T], limit: int, cursor: Callable[[T], str]) -> Page[T]:
    """Cut rows fetched with ``limit + 1``: the extra row only tells that more exist."""
    items = rows[:limit]
    more = len(rows) > limit
    return Page(items=items, next_cursor=cursor(items[-1]) if more and items else None)


def copied(cls: type[T], source: object, **given: Any) -> T:
    """A ``cls`` whose fields are ``source``'s attributes of the same names, but for those
    ``given``: a view or a response body that shows an object's own fields. ``cls`` is a
    dataclass, or (in the web layer) a pydantic model, whose ``model_fields`` name its fields."""
    model_fields = getattr(cls, "model_fields", None)
    if model_fields is None:
        model_fields = [field.name for field in fields(cls)]  # type: ignore[arg-type]
    read = {name: getattr(source, name) for name in model_fields if name not in given}
    return cls(**read, **given)


class Copied:
    """A view or a response body (a dataclass or, in the web layer, a pydantic model) made by
    ``of`` from the object it shows (``copied``)."""

    @classmethod
    def of(cls, shown: object, **given: Any) -> Self:
        """The copy of ``shown``; ``given`` holds the fields that ``shown`` does not have."""
        return copied(cls, shown, **given)


class KeyedLocks:
    """One asyncio lock per key (a run, a workflow, a project), created on first use;
    ``forget`` drops one once its key is done with."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}

    def __call__(self, key: str) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())

    def forget(self, key: str) -> None:
        self._locks.pop(key, None)


# The error class names are the services' vocabulary (`servicekit.web.problems` maps the four
# below to HTTP statuses), so they deliberately do not end in "Error".


class DomainError(Exception):
    """Base of every expected failure; ``message`` is safe to show to the caller, ``field``
    (optional) names the offending input (a problem's ``errors[].field``)."""

    default_message = "the request cannot be completed"

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)


class NotFound(DomainError):
    """The object does not exist, or belongs to another project (never leak existence): 404."""

    default_message = "not found"


class Conflict(DomainError):
    """The request contradicts the current state (a name taken, a state that forbids it): 409."""

    default_message = "conflict with the current state"


class Forbidden(DomainError):
    """The caller is known and sees the object but may not perform this action: 403."""

    default_message = "not allowed"


class ValidationFailed(DomainError):
    """An input value breaks a rule; ``field`` names the offending input: 422.
    ``str()`` is ``"<field>: <message>"`` (a service may say the message alone)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class UnitOfWork(ABC, Generic[EventT]):
    """One transaction over a service's repositories (its port declares them); uncommitted
    work is rolled back on leaving ``async with``.

    ``emit`` records a domain event that the adapter writes to the outbox in the same
    transaction, so the event is published if and only if ``commit`` succeeds.
    """

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        # After a commit there is nothing left to roll back, so this is always safe.
        await self.rollback()

    @abstractmethod
    async def commit(self) -> None: ...
    @abstractmethod
    async def rollback(self) -> None:
        """Forget what was not committed, the events emitted since included."""

    @abstractmethod
    def emit(self, event: EventT) -> None: ...
