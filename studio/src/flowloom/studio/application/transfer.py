"""Static files of workflows, and import/export of whole workflows with their files."""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO

from flowloom.studio.application.context import checked, load, name_free
from flowloom.studio.application.views import WorkflowView
from flowloom.studio.application.workflows import WorkflowService
from flowloom.studio.domain.errors import ValidationFailed
from flowloom.studio.domain.ports import Clock, FileStore, Ids, UnitOfWork, file_key
from flowloom.studio.domain.records import StaticFile, WorkflowRecord
from flowloom.studio.domain.workflow import Workflow

MAX_FILENAME = 200


@dataclass(frozen=True)
class Export:
    """A workflow and the content of each static file, by the key it binds."""

    workflow: Workflow
    files: Mapping[str, bytes]


@dataclass(eq=False)
class TransferService:
    """Uploads go to the object store before the database commit: a failed commit leaves an
    unreferenced object under the project's prefix (removed with the project), never a
    binding to a missing file."""

    uow: Callable[[], UnitOfWork]
    workflows: WorkflowService
    files: FileStore
    clock: Clock
    ids: Ids

    async def upload(
        self, project: str, workflow_id: str, filename: str, content: IO[bytes], media_type: str
    ) -> StaticFile:
        """Store a static file (streamed from the open ``content``); ``{file: <its key>}`` then
        binds it."""
        name = _filename(filename)
        async with self.uow() as uow:
            await load(uow, project, workflow_id)
        static = await self._store(project, workflow_id, name, content, media_type)
        async with self.uow() as uow:
            await uow.files.add(static)
            await uow.commit()
        return static

    async def import_workflow(
        self,
        project: str,
        workflow: Workflow,
        contents: Mapping[str, IO[bytes]],
        *,
        name: str | None = None,
        workflow_id: str | None = None,
        replace: bool = False,
    ) -> tuple[WorkflowView, bool]:
        """Store a workflow read from a file (its static files by path in ``contents``, open
        files streamed to the store) as a new workflow, or as the new definition of
        ``workflow_id`` (``replace``: of the workflow that has the name, if any); True when
        created. Conflict when the name (the file's, or ``name``) is another workflow's."""
        if name is not None:
            workflow = workflow.rename(name)
        async with self.uow() as uow:
            if workflow_id is not None:
                await load(uow, project, workflow_id)
            elif replace:
                workflow_id = await uow.workflows.named(project, workflow.name)
            await name_free(uow, project, workflow.name, workflow_id, hint=_TAKEN)
        target = workflow_id or self.ids.new_id()
        workflow = checked(dataclasses.replace(workflow, id=target, project=project))
        stored: dict[str, str] = {}
        statics: list[StaticFile] = []
        for path in workflow.file_paths():
            static = await self._store(
                project, target, _filename(posixpath.basename(path)), contents[path], ""
            )
            stored[path] = static.key
            statics.append(static)
        workflow = workflow.rebind_files(stored)
        async with self.uow() as uow:
            now = self.clock.now()
            if workflow_id is None:
                record = WorkflowRecord(workflow, now, now)
                await uow.workflows.add(record)
            else:
                record = await uow.workflows.save(workflow, now)
            for static in statics:
                await uow.files.add(static)
            view = await self.workflows.view(uow, record)
            await uow.commit()
        return view, workflow_id is None

    async def export(self, project: str, workflow_id: str) -> Export:
        async with self.uow() as uow:
            workflow = (await load(uow, project, workflow_id)).workflow
        contents = {key: await self.files.get(key) for key in workflow.file_paths()}
        return Export(workflow, contents)

    async def _store(
        self, project: str, workflow_id: str, name: str, content: IO[bytes], media_type: str
    ) -> StaticFile:
        key = file_key(project, workflow_id, self.ids.new_id(), name)
        media_type = media_type or "application/octet-stream"
        size = await self.files.put(key, content, media_type)
        return StaticFile(key, workflow_id, project, name, size, media_type, self.clock.now())


_TAKEN = (
    ": import the file as a new draft of that workflow (CLI: --replace; API: workflow_id=<its "
    "id>) or under another name (CLI: --name NAME; API: name=NAME)"
)


def _filename(filename: str) -> str:
    """The base name of an uploaded file, refusing names that are not names."""
    name = posixpath.basename(filename.replace("\\", "/")).strip()
    if not name or name in (".", "..") or len(name) > MAX_FILENAME or "\x00" in name:
        raise ValidationFailed("file", f"{filename!r} is not a usable file name")
    return name
