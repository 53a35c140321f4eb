"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

import sys

from dependency_injector import containers, providers

from flowloom.action_builder.application.builds import BuildService
from flowloom.action_builder.infrastructure.environment.uv import UvEnvironmentBuilder
from flowloom.action_builder.infrastructure.environment.wrapper import locate_wrapper
from flowloom.action_builder.infrastructure.messaging.publisher import BusEventPublisher
from flowloom.action_builder.infrastructure.objectstore.artefacts import S3ArtefactStore
from flowloom.action_builder.infrastructure.objectstore.s3 import S3ObjectStore
from flowloom.action_builder.infrastructure.objectstore.sources import S3SourceFetcher
from flowloom.action_builder.infrastructure.system import SystemClock
from flowloom.action_builder.infrastructure.workspaces import LocalWorkspaces
from flowloom.action_builder.settings import ActionBuilderSettings
from flowloom.servicekit.resources import bus_resource

OWN_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=ActionBuilderSettings)

    bus = providers.Resource(bus_resource, url=settings.provided.bus_url)
    store = providers.Singleton(
        S3ObjectStore,
        settings.provided.s3_url,
        settings.provided.s3_access_key,
        settings.provided.s3_secret_key,
        settings.provided.s3_bucket,
    )
    work_dir = providers.Callable(lambda s: s.data_dir / "work", settings)
    workspaces = providers.Singleton(LocalWorkspaces, work_dir)
    environments = providers.Singleton(
        UvEnvironmentBuilder,
        providers.Singleton(locate_wrapper, settings.provided.wrapper_source),
        cache_dir=providers.Callable(lambda s: s.data_dir / "uv-cache", settings),
        default_python=OWN_PYTHON,
        work_dir=work_dir,
    )
    builds = providers.Singleton(
        BuildService,
        providers.Singleton(S3SourceFetcher, store),
        environments,
        providers.Singleton(S3ArtefactStore, store),
        workspaces,
        # The bus is an async resource: the publisher is made once it is open (lifespan).
        providers.Singleton(BusEventPublisher, bus),
        providers.Singleton(SystemClock),
        default_time_limit=settings.provided.time_limit_seconds,
    )
