"""The runner's condition context matches servicekit's condition environment, which the studio
type-checks with: a type whose values the runner shows otherwise would pass the studio and
fail at run time."""

from __future__ import annotations

import pytest

from flowloom.runner.domain.values import IoSpec, IoType, StoredFile, check_value, normalized
from flowloom.runner.domain.workflow import TRIGGER
from flowloom.servicekit.conditions import ROOTS, SAMPLES


def test_every_type_has_samples_and_nothing_else_does() -> None:
    assert set(SAMPLES) == {str(kind) for kind in IoType}
    assert TRIGGER in ROOTS


@pytest.mark.parametrize("kind", [kind for kind in IoType if not kind.is_file])
def test_samples_are_values_the_runner_holds_for_the_type(kind: IoType) -> None:
    spec = IoSpec("x", kind, enum_values=("", "x"))
    for sample in SAMPLES[str(kind)]:
        assert check_value(spec, sample) is None
        assert type(normalized(spec, sample)) is type(sample)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", [kind for kind in IoType if kind.is_file])
def test_a_file_shows_as_its_name(kind: IoType) -> None:
    from flowloom.runner.domain.scheduling import _plain
    from flowloom.runner.domain.values import IoValue

    shown = _plain({"f": IoValue(kind, StoredFile("k", "report.pdf"))})
    assert all(type(sample) is type(shown["f"]) for sample in SAMPLES[str(kind)])
