"""What validating a workflow needs, loaded through a unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flowloom.studio.domain.catalogue import ActionCatalogue, Catalogue
from flowloom.studio.domain.conditions import ConditionAnalysis
from flowloom.studio.domain.deployment import Deployment
from flowloom.studio.domain.errors import Conflict, NotFound, ValidationFailed
from flowloom.studio.domain.ports import ConditionChecker, ScheduleReader, UnitOfWork, Variables
from flowloom.studio.domain.problems import Problem
from flowloom.studio.domain.records import WorkflowRecord
from flowloom.studio.domain.scope import condition_outputs
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger
from flowloom.studio.domain.validation import validate
from flowloom.studio.domain.workflow import Workflow


@dataclass(frozen=True)
class ProjectContext:
    """The actions a workflow names, the project's variables and secret names."""

    catalogue: ActionCatalogue
    variables: Variables
    secrets: set[str]


async def load(uow: UnitOfWork, project: str, workflow_id: str) -> WorkflowRecord:
    """The workflow; NotFound when it does not exist or belongs to another project."""
    record = await uow.workflows.get(project, workflow_id)
    if record is None:
        raise NotFound("workflow not found")
    return record


async def deployment_of(uow: UnitOfWork, project: str, workflow_id: str) -> Deployment | None:
    """The workflow's deployment (None: never deployed); NotFound as ``load`` says."""
    await load(uow, project, workflow_id)
    return await uow.deployments.get(workflow_id)


MAX_NAME = 255


async def name_free(
    uow: UnitOfWork, project: str, name: str, workflow_id: str | None = None, hint: str = ""
) -> None:
    """Conflict when another workflow of the project than ``workflow_id`` is called ``name``
    (names are unique in a project); ``hint`` says what to do instead."""
    holder = await uow.workflows.named(project, name)
    if holder is not None and holder != workflow_id:
        raise Conflict(f"a workflow named '{name}' already exists in this project{hint}")


async def free_copy_name(uow: UnitOfWork, project: str, name: str) -> str:
    """``<name> (copy)``, else ``<name> (copy 2)``, ``(copy 3)``… whichever is free."""
    number = 1
    while True:
        suffix = " (copy)" if number == 1 else f" (copy {number})"
        candidate = name[: MAX_NAME - len(suffix)] + suffix
        if await uow.workflows.named(project, candidate) is None:
            return candidate
        number += 1


def checked(workflow: Workflow) -> Workflow:
    """``workflow`` if it can be stored: ValidationFailed for a name too long."""
    if len(workflow.name) > MAX_NAME:
        raise ValidationFailed("name", f"a workflow name has at most {MAX_NAME} characters")
    return workflow


def action_names(workflow: Workflow) -> set[str]:
    names = {step.action for step in workflow.steps}
    if isinstance(workflow.trigger, ActionTrigger):
        names.add(workflow.trigger.action)
    return names


async def project_context(uow: UnitOfWork, workflow: Workflow) -> ProjectContext:
    return ProjectContext(
        await uow.actions.catalogue(workflow.project, action_names(workflow)),
        await uow.variables.all(workflow.project),
        await uow.secrets.names(workflow.project),
    )


@dataclass(frozen=True)
class Readers:
    """The ports that read a workflow's expressions the way the runner runs them: what
    validation and freezing are handed, worked out before (the domain does no I/O)."""

    conditions: ConditionChecker
    schedules: ScheduleReader

    async def conditions_of(
        self, workflow: Workflow, catalogue: Catalogue
    ) -> dict[str, ConditionAnalysis]:
        """Each step's condition parsed and type-checked (off the event loop), by step id."""
        declared = condition_outputs(workflow, catalogue)
        return {
            step.id: await self.conditions.analyse(step.when, declared[step.id])
            for step in workflow.steps
            if step.when.strip()
        }

    def schedule_of(self, workflow: Workflow) -> str | None:
        """Why the cron trigger's schedule would not fire; None when it fires or is no cron."""
        trigger = workflow.trigger
        return (
            self.schedules.problem(trigger.schedule) if isinstance(trigger, CronTrigger) else None
        )

    def next_fire_times(self, workflow: Workflow, now: datetime, count: int = 5) -> list[datetime]:
        """The next fire times of the cron trigger (empty for another trigger or a bad one)."""
        trigger = workflow.trigger
        if not isinstance(trigger, CronTrigger):
            return []
        return self.schedules.next_times(trigger.schedule, trigger.timezone, now, count)


async def problems_of(uow: UnitOfWork, workflow: Workflow, readers: Readers) -> list[Problem]:
    context = await project_context(uow, workflow)
    return validate(
        workflow,
        context.catalogue,
        context.variables,
        context.secrets,
        await readers.conditions_of(workflow, context.catalogue),
        readers.schedule_of(workflow),
    )
