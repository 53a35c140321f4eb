"""What commands print: rich tables for people, `--json` for scripts, spinners on stderr."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any, TypeVar

import typer
from flowloom_sdk.types import Unset
from rich.console import Console
from rich.table import Table

from flowloom.cli.ids import SHORT_ID, short_id

T = TypeVar("T")
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
WaitOption = Annotated[bool, typer.Option("--wait", help="Wait until it has finished.")]
WideOption = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="Whole ids in tables, lines as long as they need (else ids are cut to their "
        f"first {SHORT_ID} characters, a prefix every command accepts).",
    ),
]
stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def plain(model: Any) -> Any:
    """SDK models, lists and dicts of them as JSON-ready values."""
    if hasattr(model, "to_dict"):
        return model.to_dict()
    if isinstance(model, list | tuple):
        return [plain(item) for item in model]
    if isinstance(model, dict):
        return {key: plain(value) for key, value in model.items()}
    return model


def print_json(value: Any) -> None:
    typer.echo(json.dumps(plain(value), indent=2, ensure_ascii=False, default=str))


def text(value: Any) -> str:
    """A cell: empty for nothing, short dates, JSON for structures."""
    if value is None or isinstance(value, Unset):
        return ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(plain(value), ensure_ascii=False)
    return str(value)


class Id(str):
    """An id in a table: cut to its first `SHORT_ID` characters unless `--wide`."""

    __slots__ = ()


def print_table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "", *, wide: bool = False
) -> None:
    """A table; id cells (`Id`) never wrap. `wide`: whole ids, at the table's natural width
    (longer than the terminal if need be) so that no cell is wrapped or cut."""
    rows = [list(row) for row in rows]
    ids = {index for row in rows for index, cell in enumerate(row) if isinstance(cell, Id)}
    table = Table(title=title or None, title_justify="left")
    for index, column in enumerate(columns):
        table.add_column(column, no_wrap=index in ids, min_width=SHORT_ID if index in ids else None)
    for row in rows:
        table.add_row(*(_cell(cell, wide) for cell in row))
    width = max(stdout.width, stdout.measure(table).maximum) if wide else None
    stdout.print(table, width=width)


def print_list(
    items: Sequence[T],
    as_json: bool,
    columns: Sequence[str],
    row: Callable[[T], Sequence[Any]],
    *,
    wide: bool = False,
) -> None:
    """What a list command prints: the items as JSON, else a table of one `row` an item."""
    if as_json:
        print_json(items)
        return
    print_table(columns, [row(item) for item in items], wide=wide)


def _cell(value: Any, wide: bool) -> str:
    if isinstance(value, Id) and not wide:
        return short_id(value)
    return text(value)


def print_fields(pairs: Sequence[tuple[str, Any]]) -> None:
    """A record as aligned `name: value` lines."""
    width = max(len(name) for name, _ in pairs)
    for name, value in pairs:
        stdout.print(f"{name + ':':<{width + 1}} {text(value)}", markup=False)


def print_record(value: Any, as_json: bool, pairs: Sequence[tuple[str, Any]]) -> None:
    """What a show command prints: `value` as JSON, else its fields as `name: value` lines."""
    if as_json:
        print_json(value)
    else:
        print_fields(pairs)


def done(message: str) -> None:
    stdout.print(message, markup=False)


def print_done(value: Any, as_json: bool, message: str) -> None:
    """What a command that makes or changes something prints: `value` as JSON, else `message`."""
    if as_json:
        print_json(value)
    else:
        done(message)


@contextmanager
def spinner(message: str) -> Iterator[None]:
    """A spinner on stderr while waiting (nothing when stderr is not a terminal)."""
    if not stderr.is_terminal:
        yield
        return
    with stderr.status(message):
        yield


def wait_for(
    message: str, poll: Callable[[], T], finished: Callable[[T], bool], interval: float = 0.5
) -> T:
    """Poll until `finished`, with a spinner; Ctrl-C stops waiting (the work goes on)."""
    with spinner(message):
        while True:
            value = poll()
            if finished(value):
                return value
            time.sleep(interval)
