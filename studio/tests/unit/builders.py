"""A small action store and short builders for the studio tests."""

from __future__ import annotations

from flowloom.studio.application.context import Readers
from flowloom.studio.domain.actions import ActionKind, PublishedAction, Resources
from flowloom.studio.domain.bindings import LiteralBinding
from flowloom.studio.domain.catalogue import ActionCatalogue
from flowloom.studio.domain.conditions import ConditionAnalysis
from flowloom.studio.domain.io import IoItem, IoType
from flowloom.studio.domain.scope import condition_outputs
from flowloom.studio.domain.variables import ProjectVariable
from flowloom.studio.domain.workflow import Workflow
from flowloom.studio.infrastructure.conditions.cel import CelConditionChecker, analysis
from flowloom.studio.infrastructure.schedules import CronScheduleReader

PROJECT = "p1"
CONDITIONS = CelConditionChecker()
READERS = Readers(CONDITIONS, CronScheduleReader())


def analyses(workflow: Workflow) -> dict[str, ConditionAnalysis]:
    """What the application hands validation: each step's condition analysed, by step id."""
    declared = condition_outputs(workflow, CATALOGUE)
    return {
        step.id: analysis(step.when, declared[step.id])
        for step in workflow.steps
        if step.when.strip()
    }


def schedule(workflow: Workflow) -> str | None:
    """What the application hands validation about a cron trigger's schedule."""
    return READERS.schedule_of(workflow)


def io(name: str, kind: str, **options: object) -> IoItem:
    return IoItem(name, IoType.parse(kind), human_name=name.title(), **options)  # type: ignore[arg-type]


def action(
    name: str,
    version: str = "1.0",
    kind: ActionKind = ActionKind.PROCESSOR,
    inputs: tuple[IoItem, ...] = (),
    outputs: tuple[IoItem, ...] = (),
    **options: object,
) -> PublishedAction:
    return PublishedAction(
        project=PROJECT,
        action_id=f"{name}-{version}",
        technical_name=name,
        version=version,
        kind=kind,
        artefact=f"s3://artefacts/venv/{name}-{version}.tar.gz",
        human_name=name.replace("-", " ").title(),
        inputs=inputs,
        outputs=outputs,
        **options,  # type: ignore[arg-type]
    )


def emitevery(version: str) -> PublishedAction:
    """A version of the Source that emits the time every ``seconds``."""
    inputs, outputs = (io("seconds", "integer"),), (io("time", "string"),)
    return action("emitevery", version, ActionKind.SOURCE, inputs=inputs, outputs=outputs)


EMITEVERY = emitevery("1.3")
EMITEVERY_OLD = emitevery("1.2")
WEBHOOK = action(
    "webhook", "2.0", ActionKind.SOURCE, outputs=(io("body", "longstring"),), dynamic_outputs=True
)
STR_TO_TXT = action(
    "str-to-txt",
    inputs=(io("instring", "string"),),
    outputs=(io("outfile", "file"),),
    resources=Resources(cpu=0.5, memory_bytes=64 * 2**20, time_seconds=30),
)
CATFILE = action("catfile", inputs=(io("file", "file"),), outputs=(io("stdout", "longstring"),))
SEND_EMAIL = action(
    "send-email",
    "1.0",
    ActionKind.PUBLISHER,
    inputs=(
        io("subject", "string"),
        io("smtp_password", "password"),
        io("recipient", "string"),
        io("priority", "enum", enum_values=("low", "high"), has_default=True, default="low"),
        io("cc", "string", optional=True),
    ),
)
SEND_EMAIL_2 = action(
    "send-email",
    "2.0",
    ActionKind.PUBLISHER,
    inputs=(
        io("subject", "string"),
        io("smtp_password", "password"),
        io("recipient", "integer"),  # the type changed
        io("port", "integer", has_default=True, default=25),
    ),
)
ADD = action(
    "add",
    inputs=(io("a", "integer"), io("b", "float", optional=True)),
    outputs=(io("sum", "float"), io("count", "integer"), io("ok", "boolean")),
)

CATALOGUE = ActionCatalogue(
    [EMITEVERY_OLD, EMITEVERY, WEBHOOK, STR_TO_TXT, CATFILE, SEND_EMAIL, SEND_EMAIL_2, ADD]
)
VARIABLES = {
    "ops-address": ProjectVariable("ops-address", IoType.STRING, "ops@example.org"),
    "threshold": ProjectVariable("threshold", IoType.INTEGER, 3),
    "template": ProjectVariable("template", IoType.FILE, "projects/p1/files/template.txt"),
}
SECRETS = frozenset({"smtp-password"})


def lit(value: object) -> LiteralBinding:
    return LiteralBinding(value)  # type: ignore[arg-type]
