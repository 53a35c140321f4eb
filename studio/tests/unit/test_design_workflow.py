"""A user designs a workflow step by step; every problem appears, then disappears once fixed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flowloom.studio.domain.bindings import Ref, SecretBinding, VariableBinding, ref
from flowloom.studio.domain.errors import Conflict
from flowloom.studio.domain.io import IoType, OutputSpec
from flowloom.studio.domain.problems import Code, Problem
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger
from flowloom.studio.domain.validation import validate
from flowloom.studio.domain.workflow import Retry, Step, Workflow

from .builders import CATALOGUE, PROJECT, SECRETS, VARIABLES, analyses, lit, schedule

Expected = tuple[Code, str | None, str | None]


class Designer:
    """Holds the workflow being edited and every problem code seen so far."""

    def __init__(self) -> None:
        self.workflow = Workflow("w1", PROJECT, "tick-to-file")
        self.seen: set[Code] = set()

    def problems(self) -> list[Problem]:
        return validate(
            self.workflow,
            CATALOGUE,
            VARIABLES,
            SECRETS,
            analyses(self.workflow),
            schedule(self.workflow),
        )

    def expect(self, *expected: Expected) -> list[Problem]:
        problems = self.problems()
        assert [(p.code, p.step, p.input) for p in problems] == list(expected)
        self.seen.update(p.code for p in problems)
        return problems

    def message(self, *expected: Expected) -> str:
        return " | ".join(p.message for p in self.expect(*expected))


def test_every_problem_appears_and_disappears_while_a_user_designs_a_workflow() -> None:
    d = Designer()
    assert "no trigger" in d.message((Code.NO_TRIGGER, None, None))

    d.workflow = d.workflow.set_trigger(ActionTrigger("emitevry"))
    assert "'emitevry'" in d.message((Code.UNKNOWN_ACTION, "trigger", None))
    d.workflow = d.workflow.set_trigger(ActionTrigger("catfile"))
    text = d.message(
        (Code.NOT_A_TRIGGER_ACTION, "trigger", None),
        (Code.MISSING_REQUIRED_INPUT, "trigger", "file"),
    )
    assert "'catfile' version 1.0, a Processor" in text
    d.workflow = d.workflow.set_trigger(ActionTrigger("emitevery", "9.9"))
    assert "known: 1.2, 1.3" in d.message((Code.UNKNOWN_VERSION, "trigger", None))
    d.workflow = d.workflow.set_trigger(ActionTrigger("emitevery", "1.3"))
    assert "'seconds' (integer)" in d.message((Code.MISSING_REQUIRED_INPUT, "trigger", "seconds"))
    d.workflow = d.workflow.bind("trigger", "seconds", lit("30"))
    text = d.message((Code.INVALID_LITERAL, "trigger", "seconds"))
    assert text == "the trigger input 'seconds' expects an integer, got the text \"30\""
    d.workflow = d.workflow.bind("trigger", "seconds", ref("writer.outfile"))
    d.expect((Code.INVALID_TRIGGER_BINDING, "trigger", "seconds"))
    d.workflow = d.workflow.bind("trigger", "seconds", lit(30))
    d.expect()

    d.workflow = d.workflow.add_step(Step("writer", "str-to-txt"))
    d.expect((Code.MISSING_REQUIRED_INPUT, "writer", "instring"))
    d.workflow = d.workflow.bind("writer", "instring", ref("trigger.tme"))
    text = d.message((Code.UNKNOWN_REFERENCE, "writer", "instring"))
    assert "the trigger has no output 'tme' (its outputs: time)" in text
    d.workflow = d.workflow.bind("writer", "instring", ref("trigger.time"))
    d.expect()

    d.workflow = d.workflow.add_step(
        Step("reader", "catfile", inputs={"file": ref("writer.outfile")})
    )
    d.expect()
    d.workflow = d.workflow.bind("reader", "file", ref("reader.stdout"))
    d.expect((Code.NON_UPSTREAM_REFERENCE, "reader", "file"))
    d.workflow = d.workflow.bind("reader", "file", ref("trigger.time"))
    text = d.message((Code.TYPE_MISMATCH, "reader", "file"))
    assert text == (
        "step 'reader' input 'file' is of type file but trigger.time "
        "(output 'time' of the trigger) is of type string"
    )
    d.workflow = d.workflow.bind("reader", "file", ref("writer.outfile"))
    d.expect()

    d.workflow = d.workflow.add_step(Step("tick", "emitevery", inputs={"seconds": lit(1)}))
    d.expect((Code.TRIGGER_ACTION_IN_STEP, "tick", None))
    d.workflow = d.workflow.remove_step("tick")
    imported = replace(d.workflow, steps=(*d.workflow.steps, Step("trigger", "catfile")))
    d.workflow, edited = imported, d.workflow
    d.expect(
        (Code.RESERVED_STEP_ID, "trigger", None), (Code.MISSING_REQUIRED_INPUT, "trigger", "file")
    )
    d.workflow = replace(edited, steps=(*edited.steps, edited.step("reader")))
    d.expect((Code.DUPLICATE_STEP_ID, "reader", None))
    d.workflow = replace(
        edited,
        steps=(*edited.steps, Step("bad id", "catfile", inputs={"file": ref("writer.outfile")})),
    )
    d.expect((Code.INVALID_STEP_ID, "bad id", None))
    d.workflow = edited
    d.expect()

    d.workflow = d.workflow.add_step(Step("notify", "send-email", "1.0"))
    d.expect(
        (Code.MISSING_REQUIRED_INPUT, "notify", "recipient"),
        (Code.MISSING_REQUIRED_INPUT, "notify", "smtp_password"),
        (Code.MISSING_REQUIRED_INPUT, "notify", "subject"),
    )
    d.workflow = d.workflow.bind("notify", "subject", lit("done"))
    d.workflow = d.workflow.bind("notify", "smtp_password", SecretBinding("smtp-pass"))
    d.workflow = d.workflow.bind("notify", "recipient", SecretBinding("smtp-password"))
    d.expect(
        (Code.SECRET_TO_NON_PASSWORD, "notify", "recipient"),
        (Code.UNKNOWN_SECRET, "notify", "smtp_password"),
    )
    d.workflow = d.workflow.bind("notify", "smtp_password", SecretBinding("smtp-password"))
    d.workflow = d.workflow.bind("notify", "recipient", VariableBinding("ops"))
    d.expect((Code.UNKNOWN_VARIABLE, "notify", "recipient"))
    d.workflow = d.workflow.bind("notify", "recipient", VariableBinding("threshold"))
    text = d.message((Code.VARIABLE_TYPE_MISMATCH, "notify", "recipient"))
    assert "is of type string but the variable 'threshold' is of type integer" in text
    d.workflow = d.workflow.bind("notify", "recipient", VariableBinding("ops-address"))
    d.workflow = d.workflow.bind("notify", "body", lit("hello"))
    text = d.message((Code.UNKNOWN_INPUT, "notify", "body"))
    assert "its inputs: subject, smtp_password, recipient, priority, cc" in text
    d.workflow = d.workflow.unbind("notify", "body").bind("notify", "priority", lit("urgent"))
    assert 'one of "low", "high"' in d.message((Code.INVALID_LITERAL, "notify", "priority"))
    d.workflow = d.workflow.bind("notify", "priority", lit("high"))
    d.expect()

    d.workflow = d.workflow.set_when("reader", "steps.writer.outputs.outfile != ''")
    d.expect()
    for condition in ("steps.notify.outputs.x == 1", "steps.writer.outputs.nope != ''", "1 +"):
        d.workflow = d.workflow.set_when("reader", condition)
        d.expect((Code.INVALID_CONDITION, "reader", None))
    d.workflow = d.workflow.set_when("reader", "steps.writer.outputs.outfile != ''")
    d.workflow = d.workflow.set_retry("reader", Retry(0, 2))
    d.expect((Code.INVALID_RETRY, "reader", None))
    d.workflow = d.workflow.set_retry("reader", Retry(3, 2)).set_timeout("writer", -5)
    d.expect((Code.INVALID_TIMEOUT, "writer", None))
    d.workflow = d.workflow.set_timeout("writer", 60).set_needs("writer", ("reader",))
    text = d.message((Code.CYCLE, "writer", None))
    assert (
        text
        == "steps 'reader', 'writer' depend on each other in a cycle: writer -> reader -> writer"
    )
    d.workflow = d.workflow.set_needs("writer", ())
    d.expect()

    d.workflow = d.workflow.set_results({"content": Ref("reader", "nope")})
    text = d.message((Code.UNKNOWN_RESULT_REFERENCE, None, None))
    assert text == "result 'content' takes reader.nope, but step 'reader' has no output 'nope'"
    d.workflow = d.workflow.set_results({"content": Ref("reader", "stdout")})
    d.expect()

    d.workflow = d.workflow.set_trigger(CronTrigger("*/5 * * *"))
    assert "must have five fields" in d.message((Code.INVALID_CRON, "trigger", None))
    d.workflow = d.workflow.set_trigger(CronTrigger("*/5 * * * *", "Mars/Olympus"))
    d.expect((Code.INVALID_TIMEZONE, "trigger", None))
    d.workflow = d.workflow.set_trigger(
        CronTrigger("*/5 * * * *", "Europe/Paris", (OutputSpec("time", IoType.INTEGER),))
    )
    d.expect(
        (Code.INVALID_TRIGGER_OUTPUT, "trigger", None), (Code.TYPE_MISMATCH, "writer", "instring")
    )
    d.workflow = d.workflow.set_trigger(CronTrigger("*/5 * * * *", "Europe/Paris"))
    d.expect()

    assert d.seen == set(Code)


def test_adding_a_step_whose_id_is_taken_or_reserved_is_refused() -> None:
    workflow = Workflow("w1", PROJECT, "w").add_step(Step("a", "catfile"))
    with pytest.raises(Conflict, match="already has a step 'a'"):
        workflow.add_step(Step("a", "catfile"))
    with pytest.raises(Conflict, match="reserved"):
        workflow.add_step(Step("trigger", "catfile"))
