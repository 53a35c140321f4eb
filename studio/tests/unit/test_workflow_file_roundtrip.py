"""Export then import gives the same workflow, for the §7 example and generated workflows."""

from __future__ import annotations

import random

import pytest

from flowloom.studio.domain.bindings import (
    Binding,
    FileBinding,
    LiteralBinding,
    Ref,
    RefBinding,
    SecretBinding,
    VariableBinding,
)
from flowloom.studio.domain.io import IoType, OutputSpec
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger, ManualTrigger, Trigger
from flowloom.studio.domain.workflow import Retry, Step, Workflow
from flowloom.studio.infrastructure.workflow_file.reader import read_workflow
from flowloom.studio.infrastructure.workflow_file.writer import write_workflow

from .example import EXAMPLE

TRICKY_TEXT = [
    "",
    "yes",
    "no",
    "null",
    "~",
    "1.0",
    "0x1F",
    "2024-01-31",
    "#not a comment",
    "a: b",
    "- x",
    "{ref: a.b}",
    "multi\nline\n",
    "trailing space ",
    " leading",
    "quote ' and \"",
    "é ✓ 漢字",
    "tab\there",
    "*star",
    "&anchor",
    "!tag",
    "%percent",
    "@at",
    "`tick`",
    "line\n\nbreaks",
]


def generated(seed: int) -> Workflow:
    """A random but valid-in-shape workflow (types and references need not make sense)."""
    rng = random.Random(seed)

    def text() -> str:
        return rng.choice(TRICKY_TEXT) if rng.random() < 0.5 else f"t{rng.randrange(1000)}"

    def literal() -> LiteralBinding:
        return LiteralBinding(
            rng.choice(
                [
                    text(),
                    rng.randrange(-(10**12), 10**12),
                    rng.uniform(-1e6, 1e6),
                    rng.random() < 0.5,
                    None,
                    bytes(rng.randrange(256) for _ in range(rng.randrange(5))),
                    0.1,
                    1e-05,
                    -0.0,
                ]
            )
        )

    def binding(ids: list[str]) -> Binding:
        options: list[Binding] = [
            literal(),
            SecretBinding(f"secret-{seed}"),
            VariableBinding(text() or "v"),
            FileBinding(rng.choice(["a.txt", "data/in.csv", "x/y/z.bin"])),
            RefBinding(Ref(rng.choice(["trigger", *ids]), rng.choice(["out", "a.b", "x-y"]))),
        ]
        return rng.choice(options)

    def outputs() -> tuple[OutputSpec, ...]:
        return tuple(
            OutputSpec(
                f"o{i}",
                rng.choice(list(IoType)),
                rng.random() < 0.3,
                ("a", "b") if rng.random() < 0.3 else (),
            )
            for i in range(rng.randrange(3))
        )

    ids: list[str] = []
    steps = []
    for index in range(rng.randrange(5)):
        step_id = f"s{index}-{rng.choice(['a', 'b_c', 'X'])}"
        steps.append(
            Step(
                step_id,
                rng.choice(["catfile", "send-email", "a.b-c"]),
                rng.choice([None, "1.0", "2.10-beta"]),
                {f"in{i}": binding(ids) for i in range(rng.randrange(4))},
                rng.choice(["", "steps.s0.outputs.x == 'a'", "true"]),
                rng.choice([None, Retry(rng.randrange(5), rng.choice([0.0, 1.5, 2.0]))]),
                rng.choice([None, 30.0, 0.5]),
                tuple(rng.sample(ids, min(len(ids), rng.randrange(3)))),
            )
        )
        ids.append(step_id)
    triggers: list[Trigger | None] = [
        None,
        ActionTrigger("emitevery", rng.choice([None, "1.3"]), {"seconds": literal()}, outputs()),
        ManualTrigger(outputs()),
        CronTrigger("*/5 * * * *", rng.choice(["UTC", "Europe/Paris"]), outputs()),
    ]
    results = {f"r{i}": Ref(rng.choice(["trigger", *ids]), "out") for i in range(rng.randrange(3))}
    description = rng.choice(["", text(), "a long\ndescription\n"])
    return Workflow(
        "w1", "p1", text() or "name", description, rng.choice(triggers), tuple(steps), results
    )


HEAD = "apiVersion: flowloom.dev/v1\nkind: Workflow\nname: w\n"


def round_trip(workflow: Workflow) -> Workflow:
    return read_workflow(
        write_workflow(workflow), workflow_id=workflow.id, project=workflow.project
    )


@pytest.mark.parametrize("seed", range(60))
def test_export_then_import_gives_an_equal_workflow(seed: int) -> None:
    workflow = generated(seed)
    assert round_trip(workflow) == workflow
    assert write_workflow(round_trip(workflow)) == write_workflow(workflow)


def test_the_architecture_example_reads_and_round_trips() -> None:
    workflow = read_workflow(EXAMPLE, workflow_id="w1", project="p1")
    assert workflow.trigger == ActionTrigger("emitevery", "1.3", {"seconds": LiteralBinding(30)})
    assert [s.id for s in workflow.steps] == ["writer", "reader", "notify"]
    assert workflow.step("reader").retry == Retry(3, 2.0)
    assert workflow.step("notify").inputs["recipient"] == VariableBinding("ops-address")
    assert workflow.results == {"content": Ref("reader", "stdout")}
    assert round_trip(workflow) == workflow


def test_the_written_file_reads_like_the_architecture_example() -> None:
    text = write_workflow(read_workflow(EXAMPLE, workflow_id="w1", project="p1"))
    assert "      instring: {ref: trigger.time}\n" in text
    assert "    retry: {attempts: 3, backoff_seconds: 2}\n" in text
    assert "      smtp_password: {secret: smtp-password}\n" in text
    assert "results:\n  content: reader.stdout\n" in text


def test_manual_and_cron_spellings() -> None:
    text = (
        "apiVersion: flowloom.dev/v1\nkind: Workflow\nname: w\n"
        "trigger:\n  manual:\n    outputs:\n      - {name: city, type: string}\n"
        "      - {name: data, type: table, optional: true}\n"
    )
    workflow = read_workflow(text, workflow_id="w1", project="p1")
    assert workflow.trigger == ManualTrigger(
        (OutputSpec("city", IoType.STRING), OutputSpec("data", IoType.FILE, optional=True))
    )
    bare = HEAD + "trigger: {manual: }\n"
    assert read_workflow(bare, workflow_id="w1", project="p1").trigger == ManualTrigger()
    cron = HEAD + "trigger:\n  cron: {schedule: '@daily'}\n"
    assert read_workflow(cron, workflow_id="w1", project="p1").trigger == CronTrigger(
        "@daily", "UTC"
    )


def test_file_paths_are_normalised_and_results_accept_the_ref_form() -> None:
    text = (
        "apiVersion: flowloom.dev/v1\nkind: Workflow\nname: w\nsteps:\n  - id: a\n    action: x\n"
        "    inputs: {f: {file: ./data//in.csv}}\nresults:\n  r: {ref: a.out}\n"
    )
    workflow = read_workflow(text, workflow_id="w1", project="p1")
    assert workflow.step("a").inputs == {"f": FileBinding("data/in.csv")}
    assert workflow.results == {"r": Ref("a", "out")}
