"""Freezing a workflow into an immutable, deployable version."""

from __future__ import annotations

import dataclasses

import pytest

from flowloom.studio.domain.actions import ActionKind
from flowloom.studio.domain.bindings import (
    FileBinding,
    LiteralBinding,
    Ref,
    RefBinding,
    SecretBinding,
    VariableBinding,
    ref,
)
from flowloom.studio.domain.errors import WorkflowInvalid
from flowloom.studio.domain.freeze import FrozenActionTrigger, FrozenVersion, freeze
from flowloom.studio.domain.io import IoType, OutputSpec
from flowloom.studio.domain.problems import Code
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger
from flowloom.studio.domain.workflow import Retry, Step, Workflow

from .builders import (
    CATALOGUE,
    EMITEVERY,
    PROJECT,
    SECRETS,
    STR_TO_TXT,
    VARIABLES,
    analyses,
    lit,
    schedule,
)


def workflow() -> Workflow:
    return Workflow(
        "w1",
        PROJECT,
        "tick",
        "every tick",
        trigger=ActionTrigger("emitevery", inputs={"seconds": VariableBinding("threshold")}),
        steps=(
            Step(
                "writer", "str-to-txt", inputs={"instring": ref("trigger.time")}, timeout_seconds=5
            ),
            Step(
                "reader",
                "catfile",
                inputs={"file": ref("writer.outfile")},
                when="steps.writer.outputs.outfile != ''",
                retry=Retry(3, 2),
            ),
            Step(
                "notify",
                "send-email",
                "1.0",
                needs=("reader",),
                inputs={
                    "subject": lit("done"),
                    "smtp_password": SecretBinding("smtp-password"),
                    "recipient": VariableBinding("ops-address"),
                },
            ),
            Step("sum", "add", inputs={"a": lit(2), "b": lit(3)}),
            Step("again", "catfile", inputs={"file": VariableBinding("template")}),
        ),
        results={"content": Ref("reader", "stdout")},
    )


def frozen(w: Workflow | None = None, number: int = 4) -> FrozenVersion:
    w = w or workflow()
    return freeze(
        w,
        CATALOGUE,
        VARIABLES,
        number,
        secrets=SECRETS,
        conditions=analyses(w),
        schedule=schedule(w),
    )


def test_actions_resolve_to_the_newest_or_the_named_version_with_artefact_and_io() -> None:
    version = frozen()
    assert isinstance(version.trigger, FrozenActionTrigger)
    trigger = version.trigger.action
    assert (trigger.technical_name, trigger.version, trigger.kind) == (
        "emitevery",
        "1.3",
        ActionKind.SOURCE,
    )
    assert trigger.artefact == EMITEVERY.artefact
    assert trigger.outputs == EMITEVERY.outputs
    writer = version.steps[0]
    assert writer.action.artefact == STR_TO_TXT.artefact
    assert writer.action.resources == STR_TO_TXT.resources
    assert writer.action.inputs == STR_TO_TXT.inputs
    assert writer.timeout_seconds == 5
    assert version.steps[2].action.version == "1.0"


def test_variables_become_literals_secrets_stay_names_and_defaults_are_filled() -> None:
    version = frozen()
    assert isinstance(version.trigger, FrozenActionTrigger)
    assert version.trigger.inputs == {"seconds": LiteralBinding(3)}
    notify = version.steps[2]
    assert notify.inputs == {
        "subject": LiteralBinding("done"),
        "smtp_password": SecretBinding("smtp-password"),
        "recipient": LiteralBinding("ops@example.org"),
        "priority": LiteralBinding("low"),  # the default
    }
    assert version.steps[3].inputs == {"a": LiteralBinding(2), "b": LiteralBinding(3.0)}
    assert isinstance(version.steps[3].inputs["b"], LiteralBinding)
    assert isinstance(version.steps[3].inputs["b"].value, float)
    assert version.steps[4].inputs == {"file": FileBinding("projects/p1/files/template.txt")}
    assert version.steps[1].inputs == {"file": RefBinding(Ref("writer", "outfile"))}


def test_the_version_keeps_settings_and_is_immutable() -> None:
    version = frozen()
    assert (version.workflow_id, version.version_id, version.number) == ("w1", "w1-v4", 4)
    assert (version.name, version.description, version.project) == ("tick", "every tick", PROJECT)
    reader, notify = version.steps[1], version.steps[2]
    assert (reader.when, reader.retry) == ("steps.writer.outputs.outfile != ''", Retry(3, 2))
    assert (notify.retry, notify.needs, notify.timeout_seconds) == (Retry(), ("reader",), None)
    assert version.results == {"content": Ref("reader", "stdout")}
    with pytest.raises(dataclasses.FrozenInstanceError):
        version.number = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        version.steps[0].inputs["instring"] = LiteralBinding("x")  # type: ignore[index]
    with pytest.raises(TypeError):
        version.results["other"] = Ref("reader", "stdout")  # type: ignore[index]


def test_a_cron_trigger_is_kept_as_is() -> None:
    cron = CronTrigger("0 * * * *", "Europe/Paris", (OutputSpec("who", IoType.STRING),))
    version = frozen(
        workflow()
        .set_trigger(cron)
        .unbind("writer", "instring")
        .bind("writer", "instring", ref("trigger.time"))
    )
    assert version.trigger == cron


def test_freezing_an_invalid_workflow_is_refused_with_every_problem() -> None:
    broken = workflow().bind("writer", "instring", ref("ghost.x")).set_retry("reader", Retry(0))
    with pytest.raises(WorkflowInvalid) as refused:
        frozen(broken)
    assert [p.code for p in refused.value.problems] == [Code.UNKNOWN_REFERENCE, Code.INVALID_RETRY]
    assert "there is no step 'ghost'" in refused.value.message
