"""The values a run is started with, checked against the workflow's inputs (its trigger's
outputs): every problem names its input, the way a person starting the run calls it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flowloom.runner.domain.errors import RunInputRejected
from flowloom.runner.domain.values import FileContent, IoSpec, StoredFile, check_value


def check_run_inputs(
    specs: Sequence[IoSpec], values: Mapping[str, object], *, strict: bool
) -> None:
    """Raise RunInputRejected listing every value that does not fit; ``strict``: a value no
    input declares is one too (a manual run names only the workflow's inputs; a webhook's
    payload may carry more than the workflow reads)."""
    problems = [
        (f"inputs.{spec.name}", f"input '{spec.name}' {problem}")
        for spec in specs
        if (problem := _problem(spec, values.get(spec.name)))
    ]
    if strict:
        declared = [spec.name for spec in specs]
        listed = ", ".join(declared) or "none"
        problems += [
            (f"inputs.{name}", f"unknown input '{name}' (the workflow's inputs: {listed})")
            for name in values
            if name not in declared
        ]
    if problems:
        raise RunInputRejected(problems)


def _problem(spec: IoSpec, value: object) -> str | None:
    if isinstance(value, FileContent) and not spec.type.is_file:
        return f"is {_a(spec.type)}, not a file ({value.name})"
    if spec.type.is_file and value is not None and not isinstance(value, FileContent | StoredFile):
        return "must be a file (it was given as text)"
    return check_value(spec, value)


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"
