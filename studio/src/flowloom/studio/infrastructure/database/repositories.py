"""Repositories of actions, workflows, static files and versions (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import Any

from google.protobuf.json_format import MessageToDict
from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.servicekit.database.repositories import delete_project_rows
from flowloom.studio.domain import repositories
from flowloom.studio.domain.actions import ActionKind, PublishedAction
from flowloom.studio.domain.catalogue import ActionCatalogue, version_key
from flowloom.studio.domain.freeze import FrozenVersion
from flowloom.studio.domain.records import Page, StaticFile, VersionRecord, WorkflowRecord
from flowloom.studio.domain.workflow import Workflow
from flowloom.studio.infrastructure.database import cursors
from flowloom.studio.infrastructure.database.action_codec import action_document, action_from_row
from flowloom.studio.infrastructure.database.tables import (
    actions,
    workflow_files,
    workflow_versions,
    workflows,
)
from flowloom.studio.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.studio.infrastructure.messaging.version_codec import workflow_version_message
from flowloom.studio.infrastructure.workflow_file.reader import read_workflow
from flowloom.studio.infrastructure.workflow_file.writer import write_workflow


class TableRepository:
    """The base of the studio's repositories: SQLAlchemy Core on the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session


class SqlActionRepository(TableRepository, repositories.ActionRepository):
    async def put(self, action: PublishedAction) -> None:
        await self.remove(action.project, action.technical_name, action.version)
        await self._session.execute(
            insert(actions).values(
                project_id=action.project,
                technical_name=action.technical_name,
                version=action.version,
                kind=action.kind.value,
                human_name=action.human_name,
                description=action.description,
                document=action_document(action),
                logo=action.logo,
                logo_media_type=action.logo_media_type,
            )
        )

    async def remove(self, project: str, technical_name: str, version: str) -> None:
        await self._session.execute(
            delete(actions).where(
                actions.c.project_id == project,
                actions.c.technical_name == technical_name,
                actions.c.version == version,
            )
        )

    async def search(
        self, project: str, text: str | None = None, kind: ActionKind | None = None
    ) -> list[PublishedAction]:
        query = select(actions).where(actions.c.project_id == project)
        if kind is not None:
            query = query.where(actions.c.kind == kind.value)
        if text:
            pattern = f"%{text.lower()}%"
            query = query.where(
                or_(
                    func.lower(actions.c.technical_name).like(pattern),
                    func.lower(actions.c.human_name).like(pattern),
                    func.lower(actions.c.description).like(pattern),
                )
            )
        rows = (await self._session.execute(query)).all()
        return [action_from_row(row) for row in rows]

    async def versions(self, project: str, technical_name: str) -> list[PublishedAction]:
        query = select(actions).where(
            actions.c.project_id == project, actions.c.technical_name == technical_name
        )
        found = [action_from_row(row) for row in (await self._session.execute(query)).all()]
        return sorted(found, key=lambda action: version_key(action.version))

    async def catalogue(self, project: str, names: Collection[str]) -> ActionCatalogue:
        if not names:
            return ActionCatalogue()
        query = select(actions).where(
            actions.c.project_id == project, actions.c.technical_name.in_(list(names))
        )
        rows = (await self._session.execute(query)).all()
        return ActionCatalogue(action_from_row(row) for row in rows)

    async def delete_project(self, project: str) -> None:
        await delete_project_rows(self._session, project, actions)


class SqlWorkflowRepository(TableRepository, repositories.WorkflowRepository):
    """The definition is stored as its workflow.yaml text."""

    async def add(self, record: WorkflowRecord) -> None:
        workflow = record.workflow
        await self._session.execute(
            insert(workflows).values(
                id=workflow.id,
                project_id=workflow.project,
                created_at=record.created_at,
                updated_at=record.updated_at,
                **_columns(workflow),
            )
        )

    async def get(self, project: str, workflow_id: str) -> WorkflowRecord | None:
        query = select(workflows).where(
            workflows.c.id == workflow_id, workflows.c.project_id == project
        )
        row = (await self._session.execute(query)).first()
        return _record(row) if row is not None else None

    async def save(self, workflow: Workflow, now: datetime) -> WorkflowRecord:
        await self._session.execute(
            update(workflows)
            .where(workflows.c.id == workflow.id, workflows.c.project_id == workflow.project)
            .values(updated_at=now, **_columns(workflow))
        )
        record = await self.get(workflow.project, workflow.id)
        assert record is not None
        return record

    async def named(self, project: str, name: str) -> str | None:
        query = select(workflows.c.id).where(
            workflows.c.project_id == project, workflows.c.name == name
        )
        found = await self._session.scalar(query)
        return str(found) if found is not None else None

    async def delete(self, project: str, workflow_id: str) -> None:
        await self._session.execute(
            delete(workflows).where(
                workflows.c.id == workflow_id, workflows.c.project_id == project
            )
        )

    async def page(self, project: str, limit: int, cursor: str | None) -> Page[WorkflowRecord]:
        query = select(workflows).where(workflows.c.project_id == project)
        if cursor is not None:
            name, last = cursors.decode(cursor, 2)
            query = query.where(
                or_(
                    workflows.c.name > name,
                    and_(workflows.c.name == name, workflows.c.id > last),
                )
            )
        query = query.order_by(workflows.c.name, workflows.c.id).limit(limit + 1)
        records = [_record(row) for row in (await self._session.execute(query)).all()]
        if len(records) <= limit:
            return Page(records)
        last_item = records[limit - 1].workflow
        return Page(records[:limit], cursors.encode(last_item.name, last_item.id))

    async def delete_project(self, project: str) -> None:
        await delete_project_rows(self._session, project, workflows)


def _columns(workflow: Workflow) -> dict[str, str]:
    return {
        "name": workflow.name,
        "description": workflow.description,
        "definition": write_workflow(workflow),
    }


def _record(row: Any) -> WorkflowRecord:
    workflow = read_workflow(row.definition, workflow_id=row.id, project=row.project_id)
    return WorkflowRecord(workflow, row.created_at, row.updated_at)


class SqlFileRepository(TableRepository, repositories.FileRepository):
    async def add(self, file: StaticFile) -> None:
        await self._session.execute(
            insert(workflow_files).values(
                key=file.key,
                workflow_id=file.workflow_id,
                project_id=file.project,
                filename=file.filename,
                size=file.size,
                media_type=file.media_type,
                created_at=file.created_at,
            )
        )

    async def of_workflow(self, project: str, workflow_id: str) -> list[StaticFile]:
        query = (
            select(workflow_files)
            .where(
                workflow_files.c.project_id == project,
                workflow_files.c.workflow_id == workflow_id,
            )
            .order_by(workflow_files.c.created_at, workflow_files.c.key)
        )
        return [
            StaticFile(
                r.key, r.workflow_id, r.project_id, r.filename, r.size, r.media_type, r.created_at
            )
            for r in (await self._session.execute(query)).all()
        ]

    async def delete_project(self, project: str) -> None:
        await delete_project_rows(self._session, project, workflow_files)


class SqlVersionRepository(TableRepository, repositories.VersionRepository):
    """Versions are stored as the protobuf the runner received, answered as plain data."""

    async def add(self, version: FrozenVersion, created_at: datetime) -> None:
        await self._session.execute(
            insert(workflow_versions).values(
                id=version.version_id,
                workflow_id=version.workflow_id,
                project_id=version.project,
                number=version.number,
                content=workflow_version_message(version).SerializeToString(),
                created_at=created_at,
            )
        )

    async def last_number(self, workflow_id: str) -> int:
        query = select(func.max(workflow_versions.c.number)).where(
            workflow_versions.c.workflow_id == workflow_id
        )
        return int(await self._session.scalar(query) or 0)

    async def get(self, project: str, workflow_id: str, number: int) -> VersionRecord | None:
        query = select(workflow_versions).where(
            workflow_versions.c.project_id == project,
            workflow_versions.c.workflow_id == workflow_id,
            workflow_versions.c.number == number,
        )
        row = (await self._session.execute(query)).first()
        return _version(row, with_document=True) if row is not None else None

    async def same_content(self, version: FrozenVersion, number: int) -> str | None:
        query = select(workflow_versions.c.id, workflow_versions.c.content).where(
            workflow_versions.c.workflow_id == version.workflow_id,
            workflow_versions.c.number == number,
        )
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        same = replace(version, version_id=row.id, number=number)
        stored = pb.WorkflowVersion.FromString(row.content)
        return str(row.id) if stored == workflow_version_message(same) else None

    async def page(
        self, project: str, workflow_id: str, limit: int, cursor: str | None
    ) -> Page[VersionRecord]:
        columns = workflow_versions.c
        query = select(
            columns.id, columns.workflow_id, columns.project_id, columns.number, columns.created_at
        ).where(columns.project_id == project, columns.workflow_id == workflow_id)
        if cursor is not None:
            (before,) = cursors.decode(cursor, 1)
            query = query.where(columns.number < int(before))
        query = query.order_by(columns.number.desc()).limit(limit + 1)
        found = [_version(row) for row in (await self._session.execute(query)).all()]
        if len(found) <= limit:
            return Page(found)
        return Page(found[:limit], cursors.encode(found[limit - 1].number))

    async def delete_workflow(self, workflow_id: str) -> None:
        await self._session.execute(
            delete(workflow_versions).where(workflow_versions.c.workflow_id == workflow_id)
        )

    async def delete_project(self, project: str) -> None:
        await delete_project_rows(self._session, project, workflow_versions)


def _version(row: Any, *, with_document: bool = False) -> VersionRecord:
    document: dict[str, object] = {}
    if with_document:
        message = pb.WorkflowVersion.FromString(row.content)
        document = MessageToDict(message, preserving_proto_field_name=True)
    return VersionRecord(
        row.id, row.workflow_id, row.project_id, row.number, row.created_at, document
    )
