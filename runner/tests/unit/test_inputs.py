"""Resolving a step's bindings to values when its execution starts."""

from __future__ import annotations

import pytest

from flowloom.runner.domain.errors import InputUnresolved
from flowloom.runner.domain.inputs import resolve_inputs, secret_names, without_secrets
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.values import FileKey, IoType, IoValue, StoredFile
from flowloom.runner.domain.workflow import Literal, SecretRef, Step

from .builders import new_run, ref, spec, step, workflow


def run_after(upstream_outputs: dict[str, IoValue], *steps: Step) -> Run:
    version = workflow(step("a", outputs=["out", spec("maybe", optional=True)]), *steps)
    run = new_run(version)
    run.execution_of("a").outputs = upstream_outputs
    return run


def test_resolves_literals_refs_and_secrets_when_all_have_values() -> None:
    target = step(
        "b",
        {
            "n": Literal(3),
            "ratio": Literal(2),
            "text": ref("a.out"),
            "msg": ref("trigger.message"),
            "key": SecretRef("api-key"),
        },
        input_specs=[
            spec("n", IoType.INTEGER),
            spec("ratio", IoType.FLOAT),
            "text",
            "msg",
            spec("key", IoType.PASSWORD),
            spec("unbound", optional=True),
        ],
    )
    run = run_after({"out": IoValue(IoType.STRING, "A")}, target)
    values = resolve_inputs(target, run, {"api-key": "s3cr3t"})
    assert values == {
        "n": IoValue(IoType.INTEGER, 3),
        "ratio": IoValue(IoType.FLOAT, 2.0),
        "text": IoValue(IoType.STRING, "A"),
        "msg": IoValue(IoType.STRING, "hi"),
        "key": IoValue(IoType.PASSWORD, "s3cr3t", secret=True),
        "unbound": IoValue(IoType.STRING, None),
    }
    assert secret_names(target) == {"api-key"}
    assert without_secrets(target, values)["key"] == IoValue(IoType.PASSWORD, None, secret=True)
    assert isinstance(values["ratio"].value, float)


def test_resolves_static_file_when_literal_is_a_file_key() -> None:
    target = step(
        "b",
        {"f": Literal(FileKey("projects/p/static/data.csv"))},
        input_specs=[spec("f", IoType.FILE)],
    )
    values = resolve_inputs(target, run_after({}, target), {})
    assert values["f"].value == StoredFile("projects/p/static/data.csv", "data.csv")


def test_gives_none_when_optional_input_refers_to_missing_output() -> None:
    target = step("b", {"x": ref("a.maybe")}, input_specs=[spec("x", optional=True)])
    values = resolve_inputs(target, run_after({"out": IoValue(IoType.STRING, "A")}, target), {})
    assert values["x"].value is None


def test_raises_naming_input_and_output_when_required_ref_has_no_value() -> None:
    target = step("b", {"x": ref("a.maybe")})
    with pytest.raises(InputUnresolved) as caught:
        resolve_inputs(target, run_after({}, target), {})
    assert caught.value.message == "input 'x' has no value: step 'a' gave no output 'maybe'"


def test_raises_naming_secret_when_secret_does_not_exist() -> None:
    target = step("b", {"pw": SecretRef("smtp-password")})
    with pytest.raises(InputUnresolved) as caught:
        resolve_inputs(target, run_after({}, target), {})
    assert caught.value.message == (
        "input 'pw' has no value: secret 'smtp-password' does not exist in the project"
    )


def test_masks_value_when_type_is_password_or_secret() -> None:
    assert IoValue(IoType.PASSWORD, "pw").for_display() == IoValue(IoType.PASSWORD, None, True)
    assert IoValue(IoType.STRING, "x").for_display() == IoValue(IoType.STRING, "x")
