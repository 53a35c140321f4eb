"""SourceService: create, list, show, change and delete the git sources of a project."""

from __future__ import annotations

from collections.abc import Callable

from flowloom.repository.application.commands import CreateSource, UpdateSource
from flowloom.repository.application.removal import remove_action
from flowloom.repository.domain.errors import NotFound
from flowloom.repository.domain.ports import Clock, CredentialCipher, IdGenerator, Page, UnitOfWork
from flowloom.repository.domain.source import Source, check_branch, check_url


class SourceService:
    """Credentials are sealed before they are stored and never returned."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        cipher: CredentialCipher,
        clock: Clock,
        ids: IdGenerator,
    ) -> None:
        self._uow, self._cipher, self._clock, self._ids = uow, cipher, clock, ids

    async def create(self, project_id: str, command: CreateSource) -> Source:
        now = self._clock.now()
        source = Source(
            id=self._ids.new_id(),
            project_id=project_id,
            name=command.name,
            url=check_url(command.url),
            default_branch=check_branch(command.branch),
            created_at=now,
            updated_at=now,
            sealed_credentials=self._seal(command),
        )
        async with self._uow() as uow:
            await uow.sources.add(source)
            await uow.commit()
        return source

    async def list(self, project_id: str, limit: int, cursor: str | None) -> Page[Source]:
        async with self._uow() as uow:
            return await uow.sources.page(project_id, limit, cursor)

    async def get(self, project_id: str, source_id: str) -> Source:
        async with self._uow() as uow:
            return await _source(uow, project_id, source_id)

    async def update(self, project_id: str, source_id: str, command: UpdateSource) -> Source:
        async with self._uow() as uow:
            source = await _source(uow, project_id, source_id)
            if command.name is not None:
                source.name = command.name
            if command.url is not None:
                source.url = check_url(command.url)
            if command.branch is not None:
                source.default_branch = check_branch(command.branch)
            if command.clear_credentials:
                source.sealed_credentials = None
            elif command.credentials is not None:
                source.sealed_credentials = self._cipher.seal(command.credentials)
            source.updated_at = self._clock.now()
            await uow.commit()
        return source

    async def delete(self, project_id: str, source_id: str) -> None:
        """Deletes the source, its scans, its actions and their builds; unpublishes."""
        async with self._uow() as uow:
            source = await _source(uow, project_id, source_id)
            for action in await uow.actions.of_source(project_id, source_id):
                await remove_action(uow, action, self._ids, self._clock.now())
            await uow.sources.delete(source)
            await uow.commit()

    def _seal(self, command: CreateSource) -> str | None:
        return None if command.credentials is None else self._cipher.seal(command.credentials)


async def _source(uow: UnitOfWork, project_id: str, source_id: str) -> Source:
    source = await uow.sources.get(project_id, source_id)
    if source is None:
        raise NotFound(f"source {source_id} not found")
    return source
