"""Imperative mapping of deployments: the domain dataclass stays free of SQLAlchemy.

Only `Deployment` is mapped. Workflow versions are frozen values stored as one JSON document,
and runs are read and written explicitly by `SqlRunRepository` (see run_repository.py).
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import registry

from flowloom.runner.domain.deployment import Deployment
from flowloom.runner.infrastructure.database import tables

mapper_registry = registry(metadata=tables.metadata)


def start_mappers() -> None:
    """Map `Deployment` onto its table; safe to call any number of times."""
    if inspect(Deployment, raiseerr=False) is None:
        mapper_registry.map_imperatively(Deployment, tables.deployments)
