"""Ids people type: whole, a name, or any unique prefix (as tables show them, cut short)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from flowloom.cli.errors import CliError

T = TypeVar("T")
SHORT_ID = 8  # what tables show of an id without --wide: a uuid's first group
SHOWN = 10  # candidates listed in an ambiguity error


def short_id(id_: str) -> str:
    return id_[:SHORT_ID]


def resolve(
    given: str,
    items: Iterable[T],
    *,
    kind: str,
    id_of: Callable[[T], str],
    unknown: str,
    names_of: Callable[[T], Sequence[str]] = lambda _: (),
    describe: Callable[[T], str] | None = None,
) -> T:
    """The item whose id is `given`, else whose name it is, else whose id starts with it.

    Raises CliError with `unknown` when none does, and listing the candidates when several
    share the name or the prefix."""
    found = list(items)
    for item in found:
        if id_of(item) == given:
            return item
    named = [item for item in found if given in names_of(item)]
    prefixed = [item for item in found if given and id_of(item).startswith(given)]
    for matching, what, hint in (
        (named, f"{kind} name {given!r}", "give the id"),
        (prefixed, f"{kind} id prefix {given!r}", "give more of the id"),
    ):
        if len(matching) == 1:
            return matching[0]
        if matching:
            raise ambiguous(what, kind, [(describe or id_of)(item) for item in matching], hint)
    raise CliError(unknown)


class Named(Protocol):
    @property
    def id(self) -> Any: ...


N = TypeVar("N", bound=Named)


def resolve_named(
    given: str, items: Iterable[N], *, kind: str, listing: str, name: str = "name"
) -> N:
    """`resolve` for records with an `id` and a name attribute (`name`, or `username`):
    unknown says `no <kind> named …: see `flowloom <listing> list``."""

    def name_of(item: N) -> str:
        return str(getattr(item, name))

    return resolve(
        given,
        items,
        kind=kind,
        id_of=lambda item: str(item.id),
        names_of=lambda item: (name_of(item),),
        describe=lambda item: f"{name_of(item)} ({item.id})",
        unknown=f"no {kind} named {given!r}: see `flowloom {listing} list`",
    )


def ambiguous(what: str, kind: str, candidates: Sequence[str], hint: str) -> CliError:
    """`the run id prefix '1b' is ambiguous: 3 runs match (…, …, …): give more …`."""
    listed = ", ".join(candidates[:SHOWN]) + (", …" if len(candidates) > SHOWN else "")
    return CliError(f"the {what} is ambiguous: {len(candidates)} {kind}s match ({listed}): {hint}")
