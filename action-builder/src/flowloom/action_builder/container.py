"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

import sys

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.action_builder.application.builds import BuildService
from flowloom.action_builder.domain.ports import EnvironmentLocks
from flowloom.action_builder.infrastructure.database.locks import AdvisoryEnvironmentLocks
from flowloom.action_builder.infrastructure.database.tables import message_tables
from flowloom.action_builder.infrastructure.database.unit_of_work import (
    SqlAlchemyActionBuilderUnitOfWork,
)
from flowloom.action_builder.infrastructure.environment.sandbox import BuildSandbox
from flowloom.action_builder.infrastructure.environment.uv import UvEnvironmentBuilder
from flowloom.action_builder.infrastructure.environment.wrapper import locate_wrapper
from flowloom.action_builder.infrastructure.locks import KeyLocks
from flowloom.action_builder.infrastructure.messaging.events import to_envelope
from flowloom.action_builder.infrastructure.objectstore.artefacts import S3ArtefactStore
from flowloom.action_builder.infrastructure.objectstore.s3 import S3ObjectStore
from flowloom.action_builder.infrastructure.objectstore.sources import S3SourceFetcher
from flowloom.action_builder.infrastructure.system import SystemClock
from flowloom.action_builder.infrastructure.workspaces import LocalWorkspaces
from flowloom.action_builder.settings import ActionBuilderSettings
from flowloom.servicekit.database.engine import is_sqlite
from flowloom.servicekit.resources import database_and_bus

OWN_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def build_sandbox(settings: ActionBuilderSettings) -> BuildSandbox:
    """How builds run their commands on this host (bwrap found on PATH, the settings)."""
    return BuildSandbox.detect(
        settings.build_network, settings.allow_unsandboxed, settings.build_uid, settings.build_gid
    )


def environment_locks(settings: ActionBuilderSettings, engine: AsyncEngine) -> EnvironmentLocks:
    """SQLite: one builder process (embedded), locks in it; PostgreSQL: builders may be
    several processes sharing the database, advisory locks across them."""
    if is_sqlite(settings.database_url):
        return KeyLocks()
    return AdvisoryEnvironmentLocks(engine)


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=ActionBuilderSettings)

    engine, sessions, bus, outbox_signal, relay = database_and_bus(settings, message_tables.outbox)
    uow = providers.Factory(
        SqlAlchemyActionBuilderUnitOfWork,
        sessions,
        message_tables,
        to_envelope,
        outbox_signal.provided.notify,
    )
    locks = providers.Singleton(environment_locks, settings, engine)
    store = providers.Singleton(
        S3ObjectStore,
        settings.provided.s3_url,
        settings.provided.s3_access_key,
        settings.provided.s3_secret_key,
        settings.provided.s3_bucket,
    )
    work_dir = providers.Callable(lambda s: s.data_dir.absolute() / "work", settings)
    workspaces = providers.Singleton(LocalWorkspaces, work_dir)
    sandbox = providers.Singleton(build_sandbox, settings)
    environments = providers.Singleton(
        UvEnvironmentBuilder,
        providers.Singleton(locate_wrapper, settings.provided.wrapper_source),
        sandbox,
        data_dir=settings.provided.data_dir,
        default_python=OWN_PYTHON,
    )
    builds = providers.Singleton(
        BuildService,
        providers.Singleton(S3SourceFetcher, store),
        environments,
        providers.Singleton(S3ArtefactStore, store),
        workspaces,
        uow.provider,
        locks,
        providers.Singleton(SystemClock),
        default_time_limit=settings.provided.time_limit_seconds,
    )
