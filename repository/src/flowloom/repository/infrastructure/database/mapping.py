"""Imperative mapping: the domain dataclasses stay free of SQLAlchemy."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import registry

from flowloom.repository.domain.build import Build
from flowloom.repository.domain.catalog import Action
from flowloom.repository.domain.source import Scan, Source
from flowloom.repository.infrastructure.database import tables

mapper_registry = registry(metadata=tables.metadata)


def start_mappers() -> None:
    """Map Source, Scan, Action and Build onto their tables; safe to call any number of times."""
    if inspect(Source, raiseerr=False) is not None:
        return
    mapper_registry.map_imperatively(Source, tables.sources)
    mapper_registry.map_imperatively(Scan, tables.scans)
    mapper_registry.map_imperatively(Action, tables.actions)
    mapper_registry.map_imperatively(Build, tables.builds)
