"""Looking up published actions by technical name and version."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence

from flowloom.studio.domain.actions import PublishedAction


def version_key(version: str) -> tuple[tuple[tuple[int, int, str], ...], str]:
    """A sort key ordering versions as a user expects: ``1.9 < 1.10 < 2.0``.

    The version is split on dots; a part made only of digits compares as a number, any other
    part compares as text, and a numeric part sorts before a textual one at the same position
    (``1.0 < 1.0-beta < 1.a``). A version that is a prefix of another is older
    (``1.0 < 1.0.1``). Versions with equal keys (``1.01`` and ``1.1``) tie-break on the text.
    """
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.split("."))
    return parts, version


class Catalogue(abc.ABC):
    """The published actions of one project, by technical name (read-only).

    The application loads it (e.g. the actions a workflow names) before validating or freezing,
    so that the domain stays synchronous.
    """

    @abc.abstractmethod
    def versions(self, technical_name: str) -> Sequence[PublishedAction]:
        """Every published version of ``technical_name``, oldest first (empty when unknown)."""

    def find(self, technical_name: str, version: str | None = None) -> PublishedAction | None:
        """The given version, or the newest published one when ``version`` is None."""
        versions = self.versions(technical_name)
        if version is None:
            return versions[-1] if versions else None
        return next((action for action in versions if action.version == version), None)


class ActionCatalogue(Catalogue):
    """A catalogue held in memory, built from published actions."""

    def __init__(self, actions: Iterable[PublishedAction] = ()) -> None:
        self._by_name: dict[str, list[PublishedAction]] = {}
        for action in actions:
            self.add(action)

    def add(self, action: PublishedAction) -> None:
        """Add or replace (same technical name and version) a published action."""
        versions = [
            a for a in self._by_name.get(action.technical_name, []) if a.version != action.version
        ]
        versions.append(action)
        versions.sort(key=lambda a: version_key(a.version))
        self._by_name[action.technical_name] = versions

    def remove(self, technical_name: str, version: str) -> None:
        """Forget a version (unpublished); unknown versions are ignored."""
        versions = self._by_name.get(technical_name, [])
        self._by_name[technical_name] = [a for a in versions if a.version != version]

    def versions(self, technical_name: str) -> Sequence[PublishedAction]:
        return tuple(self._by_name.get(technical_name, ()))

    def names(self) -> list[str]:
        """Technical names with at least one version, sorted."""
        return sorted(name for name, versions in self._by_name.items() if versions)
