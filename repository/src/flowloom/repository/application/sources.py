"""SourceService: create, list, show, change and delete the git sources of a project."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flowloom.repository.application.access import Actor
from flowloom.repository.application.removal import remove_action
from flowloom.repository.domain.errors import NotFound
from flowloom.repository.domain.ports import Clock, CredentialCipher, Ids, SourceGate, UnitOfWork
from flowloom.repository.domain.repositories import Page
from flowloom.repository.domain.source import Credentials, Source, check_branch, check_url


@dataclass(eq=False)
class SourceService:
    """Credentials are sealed before they are stored and never returned. Whoever sets a URL
    must be allowed to reach where it leads (SourceGate); the source remembers who did."""

    uow: Callable[[], UnitOfWork]
    cipher: CredentialCipher
    clock: Clock
    ids: Ids
    gate: SourceGate

    async def create(
        self,
        project_id: str,
        actor: Actor,
        *,
        name: str,
        url: str,
        branch: str | None = None,
        credentials: Credentials | None = None,
    ) -> Source:
        """A new source; ``branch`` None: the remote's default branch (its HEAD)."""
        checked = await self._checked_url(url, actor)
        now = self.clock.now()
        source = Source(
            id=self.ids.new_id(),
            project_id=project_id,
            name=name,
            url=checked,
            default_branch=None if branch is None else check_branch(branch),
            created_at=now,
            updated_at=now,
            sealed_credentials=None if credentials is None else self.cipher.seal(credentials),
            url_set_by=actor.user_id,
            url_set_by_admin=actor.is_admin,
        )
        async with self.uow() as uow:
            await uow.sources.add(source)
            await uow.commit()
        return source

    async def list(self, project_id: str, limit: int, cursor: str | None) -> Page[Source]:
        async with self.uow() as uow:
            return await uow.sources.page(project_id, limit, cursor)

    async def get(self, project_id: str, source_id: str) -> Source:
        async with self.uow() as uow:
            return await _source(uow, project_id, source_id)

    async def update(
        self,
        project_id: str,
        source_id: str,
        actor: Actor,
        *,
        name: str | None = None,
        url: str | None = None,
        branch: str | None = None,
        credentials: Credentials | None = None,
        clear_credentials: bool = False,
    ) -> Source:
        """None leaves a field as it is; ``clear_credentials`` removes stored credentials."""
        checked = None if url is None else await self._checked_url(url, actor)
        async with self.uow() as uow:
            source = await _source(uow, project_id, source_id)
            if name is not None:
                source.name = name
            if checked is not None:
                source.point_to(checked, actor.user_id, actor.is_admin)
            if branch is not None:
                source.default_branch = check_branch(branch)
            if clear_credentials:
                source.sealed_credentials = None
            elif credentials is not None:
                source.sealed_credentials = self.cipher.seal(credentials)
            source.updated_at = self.clock.now()
            await uow.commit()
        return source

    async def delete(self, project_id: str, source_id: str) -> None:
        """Deletes the source, its scans, its actions and their builds; unpublishes."""
        async with self.uow() as uow:
            source = await _source(uow, project_id, source_id)
            for action in await uow.actions.of_source(project_id, source_id):
                await remove_action(uow, action, self.ids, self.clock.now())
            await uow.sources.delete(source)
            await uow.commit()

    async def _checked_url(self, url: str, actor: Actor) -> str:
        checked = check_url(url)
        await self.gate.check(checked, admin=actor.is_admin)
        return checked


async def _source(uow: UnitOfWork, project_id: str, source_id: str) -> Source:
    source = await uow.sources.get(project_id, source_id)
    if source is None:
        raise NotFound(f"source {source_id} not found")
    return source
