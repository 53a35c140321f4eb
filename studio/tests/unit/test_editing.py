"""Editing operations on a workflow, and moving a step to another action version."""

from __future__ import annotations

import pytest

from flowloom.studio.domain.bindings import FileBinding, Ref, SecretBinding, VariableBinding, ref
from flowloom.studio.domain.errors import Conflict, NotFound, ValidationFailed
from flowloom.studio.domain.triggers import ActionTrigger, ManualTrigger
from flowloom.studio.domain.version_change import DroppedBinding, change_action_version
from flowloom.studio.domain.workflow import Retry, Step, Workflow

from .builders import CATALOGUE, PROJECT, lit


def base() -> Workflow:
    return Workflow(
        "w1",
        PROJECT,
        "mail",
        trigger=ActionTrigger("emitevery", "1.2", {"seconds": lit(5)}),
        steps=(
            Step("writer", "str-to-txt", inputs={"instring": ref("trigger.time")}),
            Step(
                "notify",
                "send-email",
                "1.0",
                inputs={
                    "subject": lit("hi"),
                    "smtp_password": SecretBinding("smtp-password"),
                    "recipient": VariableBinding("ops-address"),
                    "priority": lit("high"),
                },
            ),
        ),
    )


def test_editing_returns_a_new_workflow_and_leaves_the_original_unchanged() -> None:
    original = base()
    edited = (
        original.rename("  daily mail ")
        .describe("sends a mail")
        .set_when("notify", " steps.writer.outputs.outfile != '' ")
        .set_retry("notify", Retry(3, 1.5))
        .set_timeout("notify", 30)
        .set_needs("notify", ("writer", "writer"))
        .set_results({"file": Ref("writer", "outfile")})
    )
    assert original == base()
    assert (edited.name, edited.description) == ("daily mail", "sends a mail")
    notify = edited.step("notify")
    assert notify.when == "steps.writer.outputs.outfile != ''"
    assert (notify.retry, notify.timeout_seconds, notify.needs) == (Retry(3, 1.5), 30, ("writer",))
    assert edited.results == {"file": Ref("writer", "outfile")}


def test_bind_unbind_replace_and_remove_steps() -> None:
    workflow = base().bind("writer", "instring", lit("x")).unbind("notify", "priority")
    assert workflow.step("writer").inputs == {"instring": lit("x")}
    assert "priority" not in workflow.step("notify").inputs
    workflow = workflow.bind("trigger", "seconds", lit(9)).unbind("notify", "never-bound")
    assert isinstance(workflow.trigger, ActionTrigger)
    assert workflow.trigger.inputs == {"seconds": lit(9)}
    replaced = workflow.replace_step(Step("writer", "catfile"))
    assert [s.id for s in replaced.steps] == ["writer", "notify"]
    assert replaced.step("writer").action == "catfile"
    assert [s.id for s in replaced.remove_step("writer").steps] == ["notify"]


def test_editing_refuses_unknown_steps_and_trigger_inputs_of_a_manual_trigger() -> None:
    with pytest.raises(NotFound, match="workflow 'mail' has no step 'ghost'"):
        base().bind("ghost", "x", lit(1))
    with pytest.raises(NotFound):
        base().remove_step("ghost")
    with pytest.raises(Conflict, match="only an action trigger has inputs"):
        base().set_trigger(ManualTrigger()).bind("trigger", "x", lit(1))
    with pytest.raises(ValidationFailed):
        base().rename("  ")


def test_copy_gets_a_new_id_and_name_and_keeps_the_steps() -> None:
    copy = base().copy("w2")
    assert (copy.id, copy.name, copy.steps) == ("w2", "mail (copy)", base().steps)
    assert base().copy().id not in ("w1", "w2")


def test_static_files_are_listed_and_rebound() -> None:
    workflow = (
        base()
        .bind("notify", "subject", FileBinding("a.txt"))
        .bind("writer", "instring", FileBinding("a.txt"))
    )
    assert workflow.file_paths() == ["a.txt"]
    moved = workflow.rebind_files({"a.txt": "projects/p1/files/1/a.txt"})
    assert moved.step("writer").inputs["instring"] == FileBinding("projects/p1/files/1/a.txt")


def test_changing_a_version_keeps_bindings_whose_name_and_type_still_match() -> None:
    change = change_action_version(base(), "notify", "2.0", CATALOGUE)
    notify = change.workflow.step("notify")
    assert notify.version == "2.0"
    assert notify.inputs == {"subject": lit("hi"), "smtp_password": SecretBinding("smtp-password")}
    assert change.dropped == (
        DroppedBinding("recipient", "input 'recipient' is now of type integer (it was string)"),
        DroppedBinding("priority", "version 2.0 of 'send-email' has no input 'priority'"),
    )


def test_changing_the_trigger_version_and_following_the_newest() -> None:
    change = change_action_version(base(), "trigger", None, CATALOGUE)
    assert change.workflow.trigger == ActionTrigger("emitevery", None, {"seconds": lit(5)})
    assert change.dropped == ()


def test_changing_to_a_version_that_is_not_published_is_refused() -> None:
    with pytest.raises(NotFound, match=r"version 7\.0 of the action 'send-email' is not published"):
        change_action_version(base(), "notify", "7.0", CATALOGUE)
