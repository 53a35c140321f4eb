"""Imperative mapping: the domain dataclasses stay free of SQLAlchemy, the tables map onto them."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import registry

from flowloom.authorization.domain.credentials import ApiKey, RefreshToken
from flowloom.authorization.domain.model import Membership, Project, User
from flowloom.authorization.domain.signing import SigningKey
from flowloom.authorization.domain.throttle import LoginThrottle
from flowloom.authorization.infrastructure.database import tables

mapper_registry = registry(metadata=tables.metadata)

_MAPPINGS = (
    (User, tables.users),
    (Project, tables.projects),
    (Membership, tables.memberships),
    (RefreshToken, tables.refresh_tokens),
    (ApiKey, tables.api_keys),
    (LoginThrottle, tables.login_throttles),
    (SigningKey, tables.signing_keys),
)


def start_mappers() -> None:
    """Map every aggregate onto its table; safe to call any number of times."""
    for cls, table in _MAPPINGS:
        if inspect(cls, raiseerr=False) is None:
            mapper_registry.map_imperatively(cls, table)
