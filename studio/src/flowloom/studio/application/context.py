"""What validating a workflow needs, loaded through a unit of work."""

from __future__ import annotations

from dataclasses import dataclass

from flowloom.studio.application.ports import UnitOfWork, Variables
from flowloom.studio.application.records import WorkflowRecord
from flowloom.studio.domain.catalogue import ActionCatalogue
from flowloom.studio.domain.conditions import ConditionChecker
from flowloom.studio.domain.errors import NotFound, ValidationFailed
from flowloom.studio.domain.problems import Problem
from flowloom.studio.domain.triggers import ActionTrigger
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


MAX_NAME = 255


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


async def problems_of(
    uow: UnitOfWork, workflow: Workflow, conditions: ConditionChecker
) -> list[Problem]:
    context = await project_context(uow, workflow)
    return validate(workflow, context.catalogue, context.variables, context.secrets, conditions)
