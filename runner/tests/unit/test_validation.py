"""The graph rules checked when a workflow version is deployed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flowloom.runner.domain.errors import DeploymentRejected
from flowloom.runner.domain.validation import validate_version
from flowloom.runner.domain.values import IoType
from flowloom.runner.domain.workflow import (
    ActionTrigger,
    CronTrigger,
    SecretRef,
    WorkflowResult,
    WorkflowVersion,
    trigger_outputs,
)

from .builders import action, lit, manual, ref, source, spec, step, workflow
from .fakes import FakeConditions


def condition_problems(version: WorkflowVersion) -> dict[str, str]:
    """What the evaluator's ``validate`` answers for each condition (the fake's subset)."""
    checked = {step.when: FakeConditions().problem(step.when) for step in version.steps}
    return {when: problem for when, problem in checked.items() if when and problem}


def problems(version: WorkflowVersion) -> list[str]:
    with pytest.raises(DeploymentRejected) as caught:
        validate_version(version, condition_problems(version))
    return caught.value.problems


def test_accepts_version_when_graph_follows_every_rule() -> None:
    version = workflow(
        step("writer", {"text": ref("trigger.message")}),
        step("reader", {"file": ref("writer.out"), "key": SecretRef("k")}, when="true"),
        step("notify", {"subject": lit("done")}, needs=["reader"]),
        results={"content": "reader.out"},
    )
    validate_version(version, condition_problems(version))


def test_rejects_deploy_when_step_id_is_used_twice() -> None:
    assert problems(workflow(step("a"), step("a"))) == ["step id 'a' is used more than once"]


def test_rejects_deploy_when_step_is_named_trigger() -> None:
    assert problems(workflow(step("trigger"))) == [
        "'trigger' is reserved: give the step another id"
    ]


def test_rejects_deploy_when_ref_points_to_unknown_step() -> None:
    assert problems(workflow(step("b", {"x": ref("ghost.out")}))) == [
        "step 'b' input 'x' refers to unknown step 'ghost'"
    ]


def test_rejects_deploy_when_ref_points_to_undeclared_output() -> None:
    version = workflow(step("a"), step("b", {"x": ref("a.nope"), "y": ref("trigger.nope")}))
    assert problems(version) == [
        "step 'b' input 'x' refers to 'a.nope' but step 'a' has no output 'nope'",
        "step 'b' input 'y' refers to 'trigger.nope' but the trigger has no output 'nope'",
    ]


def test_rejects_deploy_when_refs_and_needs_form_a_cycle() -> None:
    version = workflow(step("a", {"x": ref("b.out")}), step("b", needs=["a"]))
    assert problems(version) == ["steps form a cycle: a -> b -> a"]


def test_rejects_deploy_when_step_refers_to_itself() -> None:
    assert problems(workflow(step("a", {"x": ref("a.out")}))) == ["steps form a cycle: a -> a"]


def test_rejects_deploy_when_required_input_is_unbound() -> None:
    lonely = step("a", input_specs=["needed", spec("maybe", optional=True)])
    assert problems(workflow(lonely)) == ["step 'a' leaves required input 'needed' unbound"]


def test_rejects_deploy_when_binding_names_an_undeclared_input() -> None:
    version = workflow(step("a", {"typo": lit(1)}, input_specs=[]))
    assert problems(version) == ["step 'a' binds 'typo', not an input of 'a'"]


def test_rejects_deploy_when_needs_names_an_unknown_step() -> None:
    assert problems(workflow(step("a", needs=["ghost"]))) == ["step 'a' needs unknown step 'ghost'"]


def test_rejects_deploy_when_retry_or_timeout_is_out_of_range() -> None:
    version = workflow(step("a", attempts=0, backoff=-1, timeout=-5))
    assert problems(version) == [
        "step 'a': retry attempts must be at least 1",
        "step 'a': retry backoff must not be negative",
        "step 'a': timeout must not be negative",
    ]


def test_rejects_deploy_when_condition_does_not_compile() -> None:
    assert problems(workflow(step("a", when="steps.("))) == [
        "step 'a' condition 'steps.(' is invalid: Syntax error: mismatched input"
    ]


def test_rejects_deploy_when_result_is_unknown_or_repeated() -> None:
    results = (WorkflowResult("r", ref("a.out")), WorkflowResult("r", ref("a.nope")))
    version = replace(workflow(step("a")), results=results)
    assert problems(version) == [
        "result 'r' is defined more than once",
        "result 'r' refers to 'a.nope' but step 'a' has no output 'nope'",
    ]


def test_rejects_deploy_when_source_input_is_not_a_literal() -> None:
    trigger = ActionTrigger(action("emitter", ["seconds"]), {"seconds": SecretRef("s")})
    assert problems(workflow(trigger=trigger)) == [
        "trigger input 'seconds' must be a literal value"
    ]


def test_rejects_deploy_when_cron_has_no_schedule() -> None:
    assert problems(workflow(trigger=CronTrigger(" "))) == ["the cron trigger needs a schedule"]


def test_lists_every_problem_when_several_rules_are_broken() -> None:
    version = workflow(step("trigger"), step("b", {"x": ref("ghost.out")}))
    assert len(problems(version)) == 2


def test_provides_time_when_trigger_is_cron() -> None:
    outputs = trigger_outputs(CronTrigger("*/5 * * * *", outputs=(spec("n", IoType.INTEGER),)))
    assert [s.name for s in outputs] == ["n", "time"]
    assert [s.name for s in trigger_outputs(source("a", "b"))] == ["a", "b"]
    assert [s.name for s in trigger_outputs(manual())] == []


def test_accepts_ref_to_cron_time_when_trigger_is_cron() -> None:
    version = workflow(step("a", {"t": ref("trigger.time")}), trigger=CronTrigger("* * * * *"))
    validate_version(version, condition_problems(version))
