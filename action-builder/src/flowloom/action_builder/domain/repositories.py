"""Repository ports of the action builder; adapters live in infrastructure/database."""

from __future__ import annotations

from abc import ABC, abstractmethod

from flowloom.action_builder.domain.build import BuildResult


class EndedBuildRepository(ABC):
    """The builds that have ended: their result is owed (in the outbox) or delivered."""

    @abstractmethod
    async def contains(self, build_id: str) -> bool: ...

    @abstractmethod
    async def add(self, result: BuildResult) -> None:
        """Record the build as ended; a build ends once (a second `add` fails the commit)."""
