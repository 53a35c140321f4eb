"""Constraint violations of either database turned into a message a person understands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Table, UniqueConstraint
from sqlalchemy.exc import IntegrityError

# Each rule: the PostgreSQL constraint name (from the naming convention), the first column that
# SQLite names in "UNIQUE constraint failed: table.column, ...", and the message for a human.
UniqueRule = tuple[str, str, str]

# The outbox and inbox tables every service has (servicekit's `message_tables`).
MESSAGE_TABLE_RULES: tuple[UniqueRule, ...] = (
    (
        "uq_outbox_messages_message_id",
        "outbox_messages.message_id",
        "this event was already recorded",
    ),
    ("pk_inbox_messages", "inbox_messages.consumer", "this message was already processed"),
)
DEFAULT_MESSAGE = "the change conflicts with data already stored"


def primary_key_rule(table: Table, message: str) -> UniqueRule:
    """The rule of a row whose primary key ``table`` already holds."""
    first = next(iter(table.primary_key.columns))
    return (str(table.primary_key.name), f"{table.name}.{first.name}", message)


def unique_rule(table: Table, *columns: str, message: str) -> UniqueRule:
    """The rule of a row whose ``columns`` (those of a unique constraint of ``table``) another
    row already holds."""
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.columns.keys() == [*columns]:
            return (str(constraint.name), f"{table.name}.{columns[0]}", message)
    raise ValueError(f"{table.name} has no unique constraint on {', '.join(columns)}")


class ConflictTranslator:
    """Re-raises `IntegrityError` as the service's own conflict error, with the rule's message."""

    def __init__(
        self,
        rules: tuple[UniqueRule, ...],
        foreign_key_message: str,
        error: Callable[[str], Exception],
    ) -> None:
        self._rules = rules + MESSAGE_TABLE_RULES
        self._foreign_key_message = foreign_key_message
        self._error = error

    def message(self, error: IntegrityError) -> str:
        text = str(error.orig).lower()
        if "foreign key" in text:
            return self._foreign_key_message
        for constraint, column, message in self._rules:
            if f'"{constraint}"' in text or f"unique constraint failed: {column}" in text:
                return message
        return DEFAULT_MESSAGE

    def translate(self, error: IntegrityError) -> Exception:
        return self._error(self.message(error))

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Re-raise an `IntegrityError` from the block as the conflict (the cause is kept)."""
        try:
            yield
        except IntegrityError as error:
            raise self.translate(error) from error
