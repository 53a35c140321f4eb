"""The services an installation is made of, and where their settings and migrations live."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
from dataclasses import dataclass
from typing import Any

from flowloom.servicekit.database.migrations import Migrations
from flowloom.servicekit.settings import ServiceSettings


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """One service as adm sees it: its distribution, settings class and migrations."""

    name: str
    settings_path: str
    has_database: bool

    @property
    def distribution(self) -> str:
        return f"flowloom-{self.name}"

    @property
    def package(self) -> str:
        return f"flowloom.{self.name.replace('-', '_')}"

    def settings_class(self) -> type[ServiceSettings]:
        module_name, _, class_name = self.settings_path.partition(":")
        found = getattr(importlib.import_module(module_name), class_name)
        assert isinstance(found, type)
        assert issubclass(found, ServiceSettings)
        return found

    def migrations(self) -> Migrations:
        module = importlib.import_module(f"{self.package}.infrastructure.database.migrate")
        found: Any = module.MIGRATIONS
        assert isinstance(found, Migrations)
        return found

    def migration_attributes(self, settings: Any) -> dict[str, Any]:
        """What the service's migration scripts need beyond the database (a key that seals a
        column), from its settings: its `migrate.migration_attributes(settings)`, if any."""
        module = importlib.import_module(f"{self.package}.infrastructure.database.migrate")
        attributes = getattr(module, "migration_attributes", None)
        if attributes is None or settings is None:
            return {}
        found: dict[str, Any] = attributes(settings)
        return found

    def sealed_columns(self) -> tuple[Any, ...]:
        """The columns of the service's database holding sealed values (`SealedColumn`s)."""
        module = importlib.import_module(f"{self.package}.infrastructure.database.sealed")
        found: tuple[Any, ...] = module.SEALED_COLUMNS
        return found

    def version(self) -> str:
        """The installed code's version (the distribution's)."""
        return importlib.metadata.version(self.distribution)


SERVICES = (
    ServiceSpec("authorization", "flowloom.authorization.settings:AuthorizationSettings", True),
    ServiceSpec("repository", "flowloom.repository.settings:RepositorySettings", True),
    ServiceSpec("action-builder", "flowloom.action_builder.settings:ActionBuilderSettings", True),
    ServiceSpec("studio", "flowloom.studio.settings:StudioSettings", True),
    ServiceSpec("runner", "flowloom.runner.settings:RunnerSettings", True),
)


def spec(name: str) -> ServiceSpec:
    return next(s for s in SERVICES if s.name == name)


def version_tuple(version: str) -> tuple[int, ...]:
    """`1.2.10` → (1, 2, 10); a non-numeric part stops the comparison there."""
    parts: list[int] = []
    for part in version.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        parts.append(int(digits.group()))
        if digits.group() != part:
            break
    return tuple(parts)
