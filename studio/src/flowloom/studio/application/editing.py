"""Editing a workflow step by step; every answer carries the problems after the change."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flowloom.studio.application.context import load
from flowloom.studio.application.views import WorkflowView
from flowloom.studio.application.workflows import WorkflowService
from flowloom.studio.domain.bindings import TRIGGER, Binding, FileBinding, Ref
from flowloom.studio.domain.errors import ValidationFailed
from flowloom.studio.domain.ports import Clock, UnitOfWork
from flowloom.studio.domain.triggers import ActionTrigger, Trigger
from flowloom.studio.domain.version_change import DroppedBinding, change_action_version
from flowloom.studio.domain.workflow import Step, Workflow


@dataclass(eq=False)
class EditingService:
    """Trigger, steps, bindings, versions and results of one workflow."""

    uow: Callable[[], UnitOfWork]
    workflows: WorkflowService
    clock: Clock

    async def set_trigger(self, project: str, workflow_id: str, trigger: Trigger) -> WorkflowView:
        if isinstance(trigger, ActionTrigger):
            await self._check_files(project, workflow_id, trigger.inputs)
        return await self.workflows.edit(project, workflow_id, lambda w: w.set_trigger(trigger))

    async def add_step(self, project: str, workflow_id: str, step: Step) -> WorkflowView:
        await self._check_files(project, workflow_id, step.inputs)
        return await self.workflows.edit(project, workflow_id, lambda w: w.add_step(step))

    async def replace_step(self, project: str, workflow_id: str, step: Step) -> WorkflowView:
        await self._check_files(project, workflow_id, step.inputs)
        return await self.workflows.edit(project, workflow_id, lambda w: w.replace_step(step))

    async def remove_step(self, project: str, workflow_id: str, step_id: str) -> WorkflowView:
        return await self.workflows.edit(project, workflow_id, lambda w: w.remove_step(step_id))

    async def bind(
        self, project: str, workflow_id: str, node: str, name: str, binding: Binding
    ) -> WorkflowView:
        """Bind an input of step ``node`` (``trigger`` for the trigger's inputs)."""
        await self._check_files(project, workflow_id, {name: binding})
        return await self.workflows.edit(
            project, workflow_id, lambda w: w.bind(node, name, binding)
        )

    async def unbind(self, project: str, workflow_id: str, node: str, name: str) -> WorkflowView:
        def change(workflow: Workflow) -> Workflow:
            if node != TRIGGER:
                workflow.step(node)
            return workflow.unbind(node, name)

        return await self.workflows.edit(project, workflow_id, change)

    async def change_version(
        self, project: str, workflow_id: str, node: str, version: str | None
    ) -> tuple[WorkflowView, tuple[DroppedBinding, ...]]:
        """Move a step (or the trigger) to another version; the bindings that no longer fit
        are dropped and returned. NotFound when the version is not published."""
        async with self.uow() as uow:
            record = await load(uow, project, workflow_id)
            workflow = record.workflow
            name = workflow.step(node).action if node != TRIGGER else None
            names = {name} if name else {getattr(workflow.trigger, "action", "")}
            catalogue = await uow.actions.catalogue(project, names)
            change = change_action_version(workflow, node, version, catalogue)
            saved = await uow.workflows.save(change.workflow, self.clock.now())
            view = await self.workflows.view(uow, saved)
            await uow.commit()
        return view, change.dropped

    async def set_results(
        self, project: str, workflow_id: str, results: Mapping[str, Ref]
    ) -> WorkflowView:
        return await self.workflows.edit(project, workflow_id, lambda w: w.set_results(results))

    async def _check_files(
        self, project: str, workflow_id: str, bindings: Mapping[str, Binding]
    ) -> None:
        """A ``{file: key}`` binding must name a file uploaded for this workflow."""
        keys = {name: b.path for name, b in bindings.items() if isinstance(b, FileBinding)}
        if not keys:
            return
        async with self.uow() as uow:
            known = {file.key for file in await uow.files.of_workflow(project, workflow_id)}
        for name, key in keys.items():
            if key not in known:
                raise ValidationFailed(
                    f"inputs.{name}.file",
                    f"'{key}' is not a file of this workflow: upload it first "
                    "(POST /workflows/{id}/files) and bind the key it answers",
                )
