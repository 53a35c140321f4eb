"""The action store: what the repository published, searchable by the studio's users."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flowloom.studio.domain.actions import ActionKind, PublishedAction
from flowloom.studio.domain.catalogue import version_key
from flowloom.studio.domain.errors import NotFound
from flowloom.studio.domain.ports import UnitOfWork
from flowloom.studio.domain.records import Page


@dataclass(frozen=True)
class ActionSummary:
    """The newest version of an action and every published version (oldest first)."""

    latest: PublishedAction
    versions: list[str]


@dataclass(eq=False)
class ActionStoreService:
    """Keeps the store in step with ``ActionPublished``/``ActionUnpublished`` and serves it."""

    uow: Callable[[], UnitOfWork]

    async def publish(self, action: PublishedAction) -> None:
        """Add the version, or replace the same project + technical name + version.

        Messages may be handled out of order (concurrent consumers, redeliveries): an older
        publication (``published_at``) never replaces a newer one."""
        async with self.uow() as uow:
            versions = await uow.actions.versions(action.project, action.technical_name)
            stored = next((a for a in versions if a.version == action.version), None)
            if stored is not None and _newer(stored, action):
                return
            await uow.actions.put(action)
            await uow.commit()

    async def unpublish(self, project: str, technical_name: str, version: str) -> None:
        """Forget the version (workflows using it then show ``unknown_version``)."""
        async with self.uow() as uow:
            await uow.actions.remove(project, technical_name, version)
            await uow.commit()

    async def search(
        self,
        project: str,
        *,
        text: str | None = None,
        kind: ActionKind | None = None,
        category: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[ActionSummary]:
        """One entry per technical name (sorted), matching ``text``, ``kind`` and ``category``."""
        async with self.uow() as uow:
            found = await uow.actions.search(project, text, kind)
        by_name: dict[str, list[PublishedAction]] = {}
        for action in found:
            if category is None or category in action.categories:
                by_name.setdefault(action.technical_name, []).append(action)
        names = sorted(name for name in by_name if cursor is None or name > cursor)
        summaries = []
        for name in names[:limit]:
            versions = sorted(by_name[name], key=lambda a: version_key(a.version))
            summaries.append(ActionSummary(versions[-1], [a.version for a in versions]))
        more = len(names) > limit
        return Page(summaries, summaries[-1].latest.technical_name if more else None)

    async def versions(self, project: str, technical_name: str) -> list[PublishedAction]:
        """Every version, oldest first; NotFound when none is published."""
        async with self.uow() as uow:
            versions = await uow.actions.versions(project, technical_name)
        if not versions:
            raise NotFound(f"no action '{technical_name}' is published in this project")
        return versions

    async def get(self, project: str, technical_name: str, version: str) -> PublishedAction:
        for action in await self.versions(project, technical_name):
            if action.version == version:
                return action
        raise NotFound(f"version {version} of the action '{technical_name}' is not published")


def _newer(stored: PublishedAction, incoming: PublishedAction) -> bool:
    if stored.published_at is None or incoming.published_at is None:
        return False
    return stored.published_at > incoming.published_at
