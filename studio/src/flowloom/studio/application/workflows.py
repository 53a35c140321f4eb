"""Workflows: create, list, show with their problems and deployment, rename, copy, delete."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from flowloom.studio.application.context import (
    Readers,
    checked,
    deployment_of,
    free_copy_name,
    load,
    name_free,
    problems_of,
)
from flowloom.studio.application.views import WorkflowView
from flowloom.studio.domain.errors import Conflict
from flowloom.studio.domain.ports import Clock, FileStore, Ids, UnitOfWork, file_key
from flowloom.studio.domain.problems import Problem
from flowloom.studio.domain.records import Page, StaticFile, WorkflowRecord
from flowloom.studio.domain.workflow import Workflow


@dataclass(eq=False)
class WorkflowService:
    """The project's workflows; every answer about one workflow carries its current problems."""

    uow: Callable[[], UnitOfWork]
    files: FileStore
    readers: Readers
    clock: Clock
    ids: Ids

    async def create(self, project: str, name: str, description: str = "") -> WorkflowView:
        """Conflict when the project has a workflow of that name."""
        workflow = Workflow(self.ids.new_id(), project, "-").rename(name).describe(description)
        async with self.uow() as uow:
            await name_free(uow, project, workflow.name)
            view = await self._add(uow, workflow)
            await uow.commit()
        return view

    async def page(self, project: str, limit: int, cursor: str | None) -> Page[WorkflowView]:
        """By name; each with its deployment (problems are left out: see ``get``)."""
        async with self.uow() as uow:
            page = await uow.workflows.page(project, limit, cursor)
            ids = [record.workflow.id for record in page.items]
            deployments = await uow.deployments.of_workflows(ids)
        views = [WorkflowView(r, [], deployments.get(r.workflow.id)) for r in page.items]
        return Page(views, page.next_cursor)

    async def get(self, project: str, workflow_id: str) -> WorkflowView:
        async with self.uow() as uow:
            return await self.view(uow, await load(uow, project, workflow_id))

    async def problems(self, project: str, workflow_id: str) -> list[Problem]:
        async with self.uow() as uow:
            record = await load(uow, project, workflow_id)
            return await problems_of(uow, record.workflow, self.readers)

    async def update(
        self, project: str, workflow_id: str, name: str | None, description: str | None
    ) -> WorkflowView:
        """Rename and/or describe (None: unchanged); Conflict for a name another workflow of
        the project has."""

        def change(workflow: Workflow) -> Workflow:
            if name is not None:
                workflow = workflow.rename(name)
            return workflow if description is None else workflow.describe(description)

        return await self.edit(project, workflow_id, change)

    async def edit(
        self, project: str, workflow_id: str, change: Callable[[Workflow], Workflow]
    ) -> WorkflowView:
        """Apply one editing operation and store the result (validation is reported, never
        enforced)."""
        async with self.uow() as uow:
            record = await load(uow, project, workflow_id)
            changed = checked(change(record.workflow))
            if changed.name != record.workflow.name:
                await name_free(uow, project, changed.name, workflow_id)
            saved = await uow.workflows.save(changed, self.clock.now())
            view = await self.view(uow, saved)
            await uow.commit()
        return view

    async def delete(self, project: str, workflow_id: str) -> None:
        """Conflict while the runner may hold it (undeploy first); its files go too."""
        async with self.uow() as uow:
            deployment = await deployment_of(uow, project, workflow_id)
            if deployment is not None and deployment.is_live:
                raise Conflict(
                    f"the workflow is {deployment.state.value.lower()}: undeploy it first"
                )
            files = await uow.files.of_workflow(project, workflow_id)
            await uow.versions.delete_workflow(workflow_id)
            await uow.deployments.delete(workflow_id)
            await uow.workflows.delete(project, workflow_id)
            await uow.commit()
        await self.files.delete([file.key for file in files])

    async def copy(self, project: str, workflow_id: str) -> WorkflowView:
        """A new workflow ``<name> (copy)`` (``(copy 2)``… when taken) with its own copies of
        the static files."""
        async with self.uow() as uow:
            record = await load(uow, project, workflow_id)
            files = await uow.files.of_workflow(project, workflow_id)
            name = await free_copy_name(uow, project, record.workflow.name)
        copy = record.workflow.copy(self.ids.new_id()).rename(name)
        moved: dict[str, str] = {}
        copies: list[StaticFile] = []
        for file in files:
            key = file_key(project, copy.id, self.ids.new_id(), file.filename)
            await self.files.copy(file.key, key)
            moved[file.key] = key
            copies.append(replace(file, key=key, workflow_id=copy.id, created_at=self.clock.now()))
        async with self.uow() as uow:
            view = await self._add(uow, copy.rebind_files(moved))
            for static in copies:
                await uow.files.add(static)
            await uow.commit()
        return view

    async def view(self, uow: UnitOfWork, record: WorkflowRecord) -> WorkflowView:
        workflow = record.workflow
        problems = await problems_of(uow, workflow, self.readers)
        deployment = await uow.deployments.get(workflow.id)
        fires = self.readers.next_fire_times(workflow, self.clock.now())
        return WorkflowView(record, problems, deployment, fires)

    async def _add(self, uow: UnitOfWork, workflow: Workflow) -> WorkflowView:
        now = self.clock.now()
        record = WorkflowRecord(workflow, now, now)
        await uow.workflows.add(record)
        return await self.view(uow, record)
