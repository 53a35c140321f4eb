"""Masking secret values in what user code writes: log lines, error messages, outputs.

A value is masked (replaced by ``***``) wherever it appears: as it is, as Python's ``repr``
and JSON write it inside a string (so ``print(inputs)`` and ``json.dumps(inputs)`` are
covered), and, for a value of several lines, each of its lines. Values of fewer than
``MIN_LENGTH`` characters (after removing surrounding whitespace) are not masked: they would
hide common text everywhere and tell what the value is. Transformed values (base64, hashes,
reversed...) are not recognised.

A log arrives as lines, one event each. ``LogMasker`` reads the lines of one stream as one
text (a line break between two events, none after a line the wrapper cut at
``WRAPPER_LINE_CUT`` characters), so that a value split across two events is still masked:
a line whose end could be the start of a value is held back until the stream's next line
shows whether it is, or until the end of the execution.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from flowloom.runner.domain.invocation import (
    Cancelled,
    ExecutionOutcome,
    Failed,
    LogLine,
    Succeeded,
)
from flowloom.runner.domain.values import IoValue

MASK = "***"
MIN_LENGTH = 3
WRAPPER_LINE_CUT = 64 * 1024  # the wrapper cuts longer lines there, without a line break

Span = tuple[int, int]


def masked_texts(values: Iterable[IoValue]) -> list[str]:
    """The text of every masked value (passwords, project secrets and values derived from
    them): strings, and bytes that are UTF-8 text."""
    texts = []
    for value in values:
        if not value.masked:
            continue
        if isinstance(value.value, str):
            texts.append(value.value)
        elif isinstance(value.value, bytes):
            try:
                texts.append(value.value.decode())
            except UnicodeDecodeError:
                continue
    return texts


class SecretMask:
    """The forms of a set of values to mask; false when there is nothing to mask."""

    def __init__(self, values: Iterable[str]) -> None:
        forms: set[str] = set()
        for value in values:
            forms |= _forms(value)
        # Longest first: a value that contains another one is masked as a whole.
        self._forms = sorted(forms, key=lambda form: (-len(form), form))
        self._multiline = [form for form in self._forms if "\n" in form]

    @classmethod
    def of(cls, inputs: Mapping[str, IoValue]) -> SecretMask:
        """The masked values among an execution's inputs."""
        return cls(masked_texts(inputs.values()))

    def __bool__(self) -> bool:
        return bool(self._forms)

    def found_in(self, text: str) -> bool:
        return any(form in text for form in self._forms)

    def text(self, text: str) -> str:
        """``text`` (a message, a traceback: lines joined by line breaks) with values masked."""
        spans = self.spans(text) if self else []
        if not spans:
            return text
        lines = text.split("\n")
        starts = _starts(lines, ["\n"] * (len(lines) - 1))
        rendered = (_render(line, start, spans) for line, start in zip(lines, starts, strict=True))
        return "\n".join(rendered)

    def outcome(self, outcome: ExecutionOutcome) -> ExecutionOutcome:
        """Messages and tracebacks masked; text outputs holding a value are marked masked."""
        match outcome:
            case Failed(message=message, traceback=traceback):
                return Failed(self.text(message), self.text(traceback))
            case Cancelled(code=code, message=message):
                return Cancelled(code, self.text(message))
            case Succeeded(outputs=outputs, masked=masked):
                holding = {
                    name
                    for name, value in outputs.items()
                    if isinstance(value, str) and self.found_in(value)
                }
                return replace(outcome, masked=masked | holding) if holding else outcome
        return outcome

    def spans(self, text: str) -> list[Span]:
        """Where the values are in ``text``: sorted, overlapping and touching spans merged."""
        found: list[Span] = []
        for form in self._forms:
            start = text.find(form)
            while start >= 0:
                found.append((start, start + len(form)))
                start = text.find(form, start + 1)
        return _merged(found)

    def partial_from(self, text: str, joined: str) -> int | None:
        """The first position of ``text`` from which its end (followed by ``joined``, what
        comes before the next line: a line break or nothing) may be the start of a value;
        None when it may not."""
        end = len(text)
        earliest: int | None = None
        for form in self._forms if joined == "" else self._multiline:
            length = _longest_start(text, form, joined)
            if length and (earliest is None or end - length < earliest):
                earliest = end - length
        return earliest


def _forms(value: str) -> set[str]:
    value = value.replace("\r\n", "\n").strip()
    if len(value) < MIN_LENGTH:
        return set()
    forms = {
        value,
        repr(value)[1:-1],
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
    }
    if "\n" in value:
        forms |= {line.strip() for line in value.split("\n")}
    return {form for form in forms if len(form) >= MIN_LENGTH}


def _longest_start(text: str, form: str, joined: str) -> int:
    """The length of the longest end of ``text`` that, followed by ``joined``, starts ``form``
    and leaves more of it to come (0 when none)."""
    if joined:  # the form must go on with the line break, then more
        cuts = [i for i in range(len(form) - 1, 0, -1) if form.startswith(joined, i)]
    else:
        cuts = list(range(min(len(form) - 1, len(text)), 0, -1))
    return next((cut for cut in cuts if text.endswith(form[:cut])), 0)


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _starts(lines: list[str], joins: list[str]) -> list[int]:
    starts, position = [], 0
    for index, line in enumerate(lines):
        starts.append(position)
        position += len(line) + (len(joins[index]) if index < len(joins) else 0)
    return starts


def _render(line: str, start: int, spans: list[Span]) -> str:
    """The line at ``start`` of the joined text, each part of it inside a span as ``***``."""
    end = start + len(line)
    pieces, position = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        if span_start > position:
            pieces.append(line[position - start : span_start - start])
        pieces.append(MASK)
        position = max(position, span_end)
    pieces.append(line[position - start :] if position < end else "")
    return "".join(pieces)


@dataclass
class _Held:
    """Lines of one stream not yet handed on (with their arrival numbers), read as one text:
    ``joins[i]`` comes between lines i and i + 1; ``spans`` are the values already found."""

    lines: list[tuple[int, LogLine]] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def text(self) -> str:
        joins = [*self.joins, ""] if self.lines else []
        return "".join(line.line + join for (_, line), join in zip(self.lines, joins, strict=True))

    def starts(self) -> list[int]:
        return _starts([line.line for _, line in self.lines], self.joins)

    def take(self, count: int) -> list[tuple[int, LogLine]]:
        """The first ``count`` lines, masked; the rest stay."""
        starts = self.starts()
        taken = []
        for (number, line), start in zip(self.lines[:count], starts[:count], strict=True):
            masked = _render(line.line, start, self.spans)
            taken.append((number, line if masked == line.line else replace(line, line=masked)))
        shift = starts[count] if count < len(starts) else len(self.text())
        self.lines, self.joins = self.lines[count:], self.joins[count:]
        self.spans = [(max(s, shift) - shift, e - shift) for s, e in self.spans if e > shift]
        return taken


@dataclass(eq=False)
class LogMasker:
    """Masks the log lines of one execution (or trigger), stream by stream, as they come.

    ``feed`` returns the lines that can be handed on now (masked), ``flush`` the ones still
    held at the end. Lines keep their timestamps and, within a stream, their order; a held line
    may come after later lines of another stream.
    """

    mask: SecretMask
    line_cut: int = WRAPPER_LINE_CUT
    _held: dict[str, _Held] = field(init=False, default_factory=dict)
    _count: int = field(init=False, default=0)

    def feed(self, line: LogLine) -> list[LogLine]:
        held = self._held.setdefault(line.stream, _Held())
        self._count += 1
        if not held.lines and self._plain(line):
            return [line]  # the usual case: nothing to mask, nothing to hold
        if held.lines:
            held.joins.append(self._join_after(held.lines[-1][1]))
        held.lines.append((self._count, line))
        return self._release(held)

    def flush(self) -> list[LogLine]:
        """Every line still held, masked, in the order they came."""
        released: list[tuple[int, LogLine]] = []
        for held in self._held.values():
            released += held.take(len(held.lines))
        return [line for _, line in sorted(released, key=lambda item: item[0])]

    def _plain(self, line: LogLine) -> bool:
        """Neither holds a value nor ends with the start of one."""
        mask, text = self.mask, line.line
        return not mask.found_in(text) and mask.partial_from(text, self._join_after(line)) is None

    def _join_after(self, line: LogLine) -> str:
        return "" if len(line.line) >= self.line_cut else "\n"

    def _release(self, held: _Held) -> list[LogLine]:
        """Mask the held text; hand on the lines that end before a possible start of a value."""
        text = held.text()
        held.spans = _merged(held.spans + self.mask.spans(text))
        partial = self.mask.partial_from(text, self._join_after(held.lines[-1][1]))
        count = len(held.lines)
        if partial is not None:
            ends = [
                s + len(line.line) for (_, line), s in zip(held.lines, held.starts(), strict=True)
            ]
            count = sum(1 for end in ends if end <= partial)
        return [line for _, line in held.take(count)]
