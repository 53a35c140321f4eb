"""The JSON bodies of the editing API: the same shape in and out, shapes refused with a path."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from flowloom.studio.domain.bindings import (
    FileBinding,
    LiteralBinding,
    SecretBinding,
    VariableBinding,
    ref,
)
from flowloom.studio.domain.io import IoType, OutputSpec
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger, ManualTrigger
from flowloom.studio.domain.workflow import Retry, Step
from flowloom.studio.infrastructure.api.definition import BindingBody, StepBody, TriggerBody


@pytest.mark.parametrize(
    "binding",
    [
        LiteralBinding(30), LiteralBinding(2.5), LiteralBinding(True), LiteralBinding("30"),
        LiteralBinding(None), ref("writer.outfile"), VariableBinding("v"), SecretBinding("s"),
        FileBinding("projects/p/workflows/w/files/1/a.txt"),
    ],
)  # fmt: skip
def test_round_trips_binding_when_answered_and_sent_back(binding: Any) -> None:
    answered = BindingBody.of(binding).model_dump(mode="json")
    assert len(answered) == 1
    assert BindingBody.model_validate(answered).to_domain() == binding


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, ()), ({"ref": "a.b", "secret": "s"}, ()), ({"ref": "nodot"}, ("ref",)),
        ({"variable": None}, ()), ({"literal": [1]}, ("literal",)), ({"literal": 2**64}, ()),
        ({"sekret": "x"}, ("sekret",)),
    ],
)  # fmt: skip
def test_refuses_binding_when_shape_is_wrong(body: dict[str, Any], field: tuple) -> None:
    with pytest.raises(ValidationError) as refused:
        BindingBody.model_validate(body)
    assert refused.value.errors()[0]["loc"][: len(field)] == field


@pytest.mark.parametrize(
    "trigger",
    [
        ActionTrigger("emitevery", "1.3", {"seconds": LiteralBinding(30)},
                      (OutputSpec("x", IoType.ENUM, True, ("a", "b")),)),
        ManualTrigger((OutputSpec("city", IoType.STRING),)),
        CronTrigger("*/5 * * * *", "Europe/Paris"),
    ],
)  # fmt: skip
def test_round_trips_trigger(trigger: Any) -> None:
    answered = TriggerBody.of(trigger).model_dump(mode="json")
    assert TriggerBody.model_validate(answered).to_domain() == trigger


def test_round_trips_step() -> None:
    step = Step(
        "reader", "catfile", "1.0", {"file": ref("writer.outfile")},
        when="steps.writer.outputs.outfile != ''", retry=Retry(3, 2.0),
        timeout_seconds=60.0, needs=("writer",),
    )  # fmt: skip
    answered = StepBody.of(step).model_dump(mode="json")
    assert StepBody.model_validate(answered).to_domain() == step


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "action"}, {"kind": "cron"}, {"kind": "manual", "action": "x"},
        {"kind": "webhook"},
    ],
)  # fmt: skip
def test_refuses_trigger_when_fields_do_not_fit_its_kind(body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        TriggerBody.model_validate(body)
