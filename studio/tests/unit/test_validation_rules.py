"""Graph, binding and type rules of validation, one rule at a time."""

from __future__ import annotations

import pytest

from flowloom.studio.domain.bindings import (
    Binding,
    FileBinding,
    Ref,
    SecretBinding,
    VariableBinding,
    ref,
)
from flowloom.studio.domain.io import IoType, OutputSpec, accepts
from flowloom.studio.domain.problems import Code, Problem
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger, ManualTrigger
from flowloom.studio.domain.validation import validate
from flowloom.studio.domain.variables import ProjectVariable
from flowloom.studio.domain.workflow import Step, Workflow

from .builders import CATALOGUE, PROJECT, SECRETS, VARIABLES, analyses, lit, schedule

MANUAL = ManualTrigger(
    (
        OutputSpec("text", IoType.STRING),
        OutputSpec("count", IoType.INTEGER),
        OutputSpec("doc", IoType.FILE),
        OutputSpec("level", IoType.ENUM, enum_values=("a", "b")),
    )
)


def problems_of(*steps: Step, trigger: object = MANUAL, **options: object) -> list[Problem]:
    workflow = Workflow("w", PROJECT, "w", trigger=trigger, steps=steps, **options)  # type: ignore[arg-type]
    return validate(workflow, CATALOGUE, VARIABLES, SECRETS, analyses(workflow), schedule(workflow))


def codes(problems: list[Problem]) -> list[tuple[Code, str | None, str | None]]:
    return [(p.code, p.step, p.input) for p in problems]


def add(step_id: str, a: Binding | None = None, **options: object) -> Step:
    inputs = {"a": a if a is not None else lit(1)}
    return Step(step_id, "add", inputs=inputs, **options)  # type: ignore[arg-type]


def test_reports_a_three_step_cycle_once_naming_every_step() -> None:
    problems = problems_of(
        add("a", ref("c.count")), add("b", ref("a.count")), add("c", ref("b.count"))
    )
    assert codes(problems) == [(Code.CYCLE, "a", None)]
    assert problems[0].message == (
        "steps 'a', 'b', 'c' depend on each other in a cycle: a -> c -> b -> a"
    )


def test_reports_a_step_that_needs_itself_as_a_cycle() -> None:
    problems = problems_of(add("a", needs=("a",)))
    assert [(p.code, p.message) for p in problems] == [(Code.CYCLE, "step 'a' needs itself")]


def test_reports_two_separate_cycles_in_step_order() -> None:
    steps = [
        add("x", needs=("y",)),
        add("y", needs=("x",)),
        add("p", needs=("q",)),
        add("q", needs=("p",)),
    ]
    assert codes(problems_of(*steps)) == [(Code.CYCLE, "x", None), (Code.CYCLE, "p", None)]


def test_reports_needs_on_unknown_steps_and_on_the_trigger() -> None:
    problems = problems_of(add("a", needs=("ghost", "trigger")))
    assert codes(problems) == [(Code.UNKNOWN_REFERENCE, "a", None)] * 2
    assert "'ghost', but there is no such step" in problems[0].message
    assert "the trigger always comes first" in problems[1].message


def test_a_reference_to_an_unknown_step_names_it() -> None:
    problems = problems_of(add("a", ref("ghost.sum")))
    assert codes(problems) == [(Code.UNKNOWN_REFERENCE, "a", "a")]
    assert "there is no step 'ghost'" in problems[0].message


def test_an_unknown_action_hides_the_checks_that_depend_on_it() -> None:
    steps = (Step("a", "nope", inputs={"x": lit(1)}), add("b", ref("a.whatever")))
    assert codes(problems_of(*steps)) == [(Code.UNKNOWN_ACTION, "a", None)]


COMPATIBILITY = [
    # (input type, source type, accepted)
    ("string", "string", True),
    ("string", "longstring", True),
    ("longstring", "string", True),
    ("password", "string", True),
    ("password", "longstring", True),
    ("string", "password", False),
    ("float", "integer", True),
    ("integer", "float", False),
    ("file", "table", True),
    ("file", "directory", False),
    ("enum", "string", False),
    ("string", "integer", False),
    ("boolean", "boolean", True),
    ("bytes", "string", False),
]


@pytest.mark.parametrize(("input_type", "source_type", "accepted"), COMPATIBILITY)
def test_type_compatibility_table(input_type: str, source_type: str, accepted: bool) -> None:
    assert accepts(IoType.parse(input_type), IoType.parse(source_type)) is accepted


def test_an_integer_output_feeds_a_float_input_but_not_the_reverse() -> None:
    steps = (
        add("a"),
        add(
            "b",
            ref("a.sum"),
        ),
        Step("c", "add", inputs={"a": lit(1), "b": ref("a.count")}),
    )
    problems = problems_of(*steps)
    assert codes(problems) == [(Code.TYPE_MISMATCH, "b", "a")]
    assert problems[0].message == (
        "step 'b' input 'a' is of type integer but a.sum (output 'sum' of step 'a') "
        "is of type float"
    )


@pytest.mark.parametrize(
    ("value", "accepted"),
    [(1, True), (2.5, True), (True, False), ("1", False), (None, True)],
)
def test_literals_of_an_optional_float_input(value: object, accepted: bool) -> None:
    problems = problems_of(Step("a", "add", inputs={"a": lit(1), "b": lit(value)}))
    assert codes(problems) == ([] if accepted else [(Code.INVALID_LITERAL, "a", "b")])


def test_null_is_refused_for_a_required_input_and_a_literal_for_a_file_input() -> None:
    problems = problems_of(add("a", lit(None)), Step("c", "catfile", inputs={"file": lit("x.txt")}))
    assert codes(problems) == [
        (Code.INVALID_LITERAL, "a", "a"),
        (Code.INVALID_LITERAL, "c", "file"),
    ]
    assert "not optional" in problems[0].message
    assert "bind a static file" in problems[1].message


def test_a_static_file_fits_a_file_input_only() -> None:
    steps = (
        Step("c", "catfile", inputs={"file": FileBinding("data/in.txt")}),
        add("a", FileBinding("x")),
    )
    problems = problems_of(*steps)
    assert codes(problems) == [(Code.TYPE_MISMATCH, "a", "a")]
    assert (
        "the static file 'x' can only be bound to a file or directory input" in problems[0].message
    )


def test_a_file_variable_fits_a_file_input_and_an_enum_variable_must_hold_an_allowed_value() -> (
    None
):
    variables = {
        **VARIABLES,
        "level": ProjectVariable("level", IoType.ENUM, "urgent"),
    }
    workflow = Workflow(
        "w",
        PROJECT,
        "w",
        trigger=MANUAL,
        steps=(
            Step("c", "catfile", inputs={"file": VariableBinding("template")}),
            Step(
                "n",
                "send-email",
                "1.0",
                inputs={
                    "subject": ref("trigger.text"),
                    "smtp_password": SecretBinding("smtp-password"),
                    "recipient": lit("a@b"),
                    "priority": VariableBinding("level"),
                },
            ),
        ),
    )
    problems = validate(
        workflow, CATALOGUE, variables, SECRETS, analyses(workflow), schedule(workflow)
    )
    assert codes(problems) == [(Code.VARIABLE_TYPE_MISMATCH, "n", "priority")]
    assert (
        "expects one of low, high, but the variable 'level' holds 'urgent'" in problems[0].message
    )


def test_a_trigger_input_takes_no_secret() -> None:
    trigger = ActionTrigger("emitevery", inputs={"seconds": SecretBinding("smtp-password")})
    problems = problems_of(trigger=trigger)
    assert codes(problems) == [(Code.INVALID_TRIGGER_BINDING, "trigger", "seconds")]


def test_only_sources_with_dynamic_outputs_declare_outputs_and_steps_can_use_them() -> None:
    extra = (OutputSpec("city", IoType.STRING),)
    assert problems_of(add("a"), trigger=ActionTrigger("webhook", outputs=extra)) == []
    used = Step("e", "str-to-txt", inputs={"instring": ref("trigger.city")})
    assert problems_of(used, trigger=ActionTrigger("webhook", outputs=extra)) == []
    fixed = ActionTrigger("emitevery", inputs={"seconds": lit(1)}, outputs=extra)
    problems = problems_of(trigger=fixed)
    assert codes(problems) == [(Code.INVALID_TRIGGER_OUTPUT, "trigger", None)]
    assert "has no dynamic outputs" in problems[0].message
    clash = ActionTrigger("webhook", outputs=(OutputSpec("body", IoType.STRING),))
    assert "already an output" in problems_of(trigger=clash)[0].message


def test_manual_trigger_outputs_must_have_distinct_names() -> None:
    trigger = ManualTrigger((OutputSpec("x", IoType.STRING), OutputSpec("x", IoType.INTEGER)))
    problems = problems_of(trigger=trigger)
    assert codes(problems) == [(Code.INVALID_TRIGGER_OUTPUT, "trigger", None)]
    assert problems[0].message == "trigger: output 'x' is declared more than once"


def test_conditions_may_use_trigger_outputs_and_upstream_steps_only() -> None:
    good = add("b", ref("a.count"), when='trigger.outputs.text == "go" && steps.a.outputs.ok')
    assert problems_of(add("a"), good) == []
    by_index = add("b", needs=("a",), when='steps["a"].outputs["ok"]')
    assert problems_of(add("a"), by_index) == []
    cases = {
        "trigger.outputs.nope": "uses output 'nope' of the trigger, which has no such output",
        "steps.ghost.outputs.ok": "uses step 'ghost', which does not exist",
        "steps.b.outputs.ok": "uses step 'b', which does not run before 'b'",
        "steps.c.outputs.ok": "uses step 'c', which does not run before 'b'",
        "threshold > 2": "uses 'threshold': only trigger.outputs.<name>",
        "steps.a.outputs.ok &&": "is invalid: syntax error",
    }
    for condition, expected in cases.items():
        problems = problems_of(add("a"), add("b", ref("a.count"), when=condition), add("c"))
        assert codes(problems) == [(Code.INVALID_CONDITION, "b", None)], condition
        assert expected in problems[0].message, condition


def test_condition_over_a_limit_is_a_problem_naming_the_limit_without_repeating_it() -> None:
    huge = "steps.a.outputs.ok || " * 50_000 + "true"  # stored before the limits existed
    problems = problems_of(add("a"), add("b", ref("a.count"), when=huge))
    assert codes(problems) == [(Code.INVALID_CONDITION, "b", None)]
    assert problems[0].message == (
        f"step 'b' condition '{huge[:80]}…' is invalid: it is {len(huge)} bytes long: "
        "the limit is 4096 bytes"
    )


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("trigger.text == 'go'",
         "reads 'text' on the trigger, which has only outputs: write trigger.outputs.text"),
        ("steps.a.count > 1",
         "reads 'count' on step 'a', which has only outputs: write steps.a.outputs.count"),
        ("trigger.outputs.txet == 'go'",
         "uses output 'txet' of the trigger, which has no such output "
         "(did you mean trigger.outputs.text?)"),
        ("steps.aa.outputs.ok", "uses step 'aa', which does not exist (did you mean a?)"),
        ('trigger.outputs.count > "3"', "cannot run: type mismatch: '>' does not take int and "
         "string (trigger.outputs.count is integer)"),
        ("1 + steps.a.outputs.sum > 2", "cannot run: type mismatch: '+' does not take int "
         "and double (steps.a.outputs.sum is float)"),
        ("trigger.outputs.text", "cannot run: gives a string, not true or false"),
    ],
)  # fmt: skip
def test_condition_problems_say_what_to_write_instead(condition: str, expected: str) -> None:
    problems = problems_of(add("a"), add("b", ref("a.count"), when=condition))
    assert codes(problems) == [(Code.INVALID_CONDITION, "b", None)], condition
    assert expected in problems[0].message


def test_a_hyphenated_step_id_is_read_by_index() -> None:
    writer = Step("str-to-txt", "str-to-txt", inputs={"instring": lit("x")})
    reader = add("b", needs=("str-to-txt",), when="steps.str-to-txt.outputs.outfile != ''")
    problems = problems_of(writer, reader)
    assert codes(problems) == [(Code.INVALID_CONDITION, "b", None)]
    assert problems[0].message.endswith(
        "reads 'steps.str-to-txt' as a subtraction: write steps['str-to-txt'].outputs.<name>"
    )
    fixed = add("b", needs=("str-to-txt",), when="steps['str-to-txt'].outputs.outfile != ''")
    assert problems_of(writer, fixed) == []


def test_a_step_state_may_be_read() -> None:
    assert problems_of(add("a"), add("b", needs=("a",), when="steps.a.state == 'Success'")) == []


def test_macro_variables_are_not_unknown_names() -> None:
    step = add("b", ref("a.count"), when="[1, 2].exists(x, x > steps.a.outputs.count)")
    assert problems_of(add("a"), step) == []


@pytest.mark.parametrize(
    "cron",
    ["* * * * *", "*/5 0-6 1,15 jan-mar mon-fri", "0 12 * * 7", "@daily", "5-10/2 * * * sun",
     "0 0 L * *", "0 9 * * 1#2", "0 0 29 2 *"],
)  # fmt: skip
def test_valid_cron_schedules_are_those_the_runner_fires(cron: str) -> None:
    assert problems_of(trigger=CronTrigger(cron)) == []


@pytest.mark.parametrize(
    ("cron", "why"),
    [
        ("", "needs a schedule"),
        ("* * * *", "must have five fields"),
        ("60 * * * *", "invalid cron schedule '60 * * * *'"),
        ("* * * 13 *", "invalid cron schedule '* * * 13 *'"),
        ("*/0 * * * *", "invalid cron schedule '*/0 * * * *'"),
        ("@often", "invalid cron schedule '@often'"),
        ("a b c d e", "invalid cron schedule 'a b c d e'"),
        ("0 0 31 2 *", "the cron schedule '0 0 31 2 *' never fires: no date matches it"),
    ],
)
def test_invalid_cron_schedules(cron: str, why: str) -> None:
    problems = problems_of(trigger=CronTrigger(cron))
    assert codes(problems) == [(Code.INVALID_CRON, "trigger", None)]
    assert why in problems[0].message


def test_problems_are_ordered_trigger_then_steps_by_input_name_then_results() -> None:
    steps = (
        Step("z", "send-email", "1.0", inputs={"subject": lit(1), "cc": lit(2)}),
        Step("a", "nope"),
    )
    trigger = ActionTrigger("emitevery")
    problems = problems_of(*steps, trigger=trigger, results={"r": Ref("ghost", "x")})
    assert codes(problems) == [
        (Code.MISSING_REQUIRED_INPUT, "trigger", "seconds"),
        (Code.INVALID_LITERAL, "z", "cc"),
        (Code.MISSING_REQUIRED_INPUT, "z", "recipient"),
        (Code.MISSING_REQUIRED_INPUT, "z", "smtp_password"),
        (Code.INVALID_LITERAL, "z", "subject"),
        (Code.UNKNOWN_ACTION, "a", None),
        (Code.UNKNOWN_RESULT_REFERENCE, None, None),
    ]
    assert problems == problems_of(*steps, trigger=trigger, results={"r": Ref("ghost", "x")})


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**30])
def test_refuses_integer_literals_beyond_64_bits(value: int) -> None:
    from flowloom.studio.domain.io import literal_problem

    problem = literal_problem(IoType.INTEGER, value, optional=False, enum_values=())
    assert problem == (f"expects a 64-bit integer (from {-(2**63)} to {2**63 - 1}), got {value}")
    assert literal_problem(IoType.INTEGER, 2**63 - 1, optional=False, enum_values=()) is None
