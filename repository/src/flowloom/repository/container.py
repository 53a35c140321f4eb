"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

from dependency_injector import containers, providers

from flowloom.repository.application.actions import ActionService
from flowloom.repository.application.builds import BuildService
from flowloom.repository.application.projects import ProjectCleanup
from flowloom.repository.application.scans import ScanService
from flowloom.repository.application.sources import SourceService
from flowloom.repository.infrastructure.database.cipher import FernetCredentialCipher
from flowloom.repository.infrastructure.database.tables import message_tables
from flowloom.repository.infrastructure.database.unit_of_work import (
    SqlAlchemyRepositoryUnitOfWork,
)
from flowloom.repository.infrastructure.git.client import GitClient
from flowloom.repository.infrastructure.messaging.events import to_envelope
from flowloom.repository.infrastructure.objectstore.s3 import S3ObjectStore
from flowloom.repository.infrastructure.scanning.scanner import GitRepositoryScanner
from flowloom.repository.infrastructure.system import SystemClock, SystemIds
from flowloom.repository.settings import RepositorySettings
from flowloom.servicekit.database.engine import create_engine, session_factory
from flowloom.servicekit.database.outbox import OutboxSignal
from flowloom.servicekit.resources import bus_resource, relay_resource
from flowloom.servicekit.tokens import JwksCache, TokenVerifier, http_jwks_fetcher


def cipher(settings: RepositorySettings) -> FernetCredentialCipher:
    if not settings.credentials_key:
        raise RuntimeError(
            "FLOWLOOM_REPOSITORY_CREDENTIALS_KEY is not set: generate one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'`"
        )
    return FernetCredentialCipher(settings.credentials_key)


def git_client(settings: RepositorySettings) -> GitClient:
    return GitClient(settings.data_dir / "git-cache")


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=RepositorySettings)

    # The engine opens connections lazily: a plain singleton (disposed by the lifespan) keeps
    # the unit-of-work factory synchronous; the bus and the relay are async resources.
    engine = providers.Singleton(create_engine, settings.provided.database_url)
    sessions = providers.Singleton(session_factory, engine)
    bus = providers.Resource(bus_resource, url=settings.provided.bus_url)
    outbox_signal = providers.Singleton(OutboxSignal)
    relay = providers.Resource(
        relay_resource,
        sessions,
        message_tables.outbox,
        bus,
        outbox_signal,
        poll_interval=settings.provided.outbox_poll_seconds,
    )
    uow = providers.Factory(
        SqlAlchemyRepositoryUnitOfWork,
        sessions,
        message_tables,
        to_envelope,
        outbox_signal.provided.notify,
    )

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(SystemIds)
    credential_cipher = providers.Singleton(cipher, settings)
    store = providers.Singleton(
        S3ObjectStore,
        settings.provided.s3_url,
        settings.provided.s3_access_key,
        settings.provided.s3_secret_key,
        settings.provided.s3_bucket,
    )
    scanner = providers.Singleton(
        GitRepositoryScanner, providers.Singleton(git_client, settings), store
    )
    sources = providers.Singleton(SourceService, uow.provider, credential_cipher, clock, ids)
    scans = providers.Singleton(
        ScanService,
        uow.provider,
        scanner,
        credential_cipher,
        clock,
        ids,
        concurrency=settings.provided.scan_concurrency,
    )
    builds = providers.Singleton(
        BuildService,
        uow.provider,
        store,
        clock,
        ids,
        time_limit_seconds=settings.provided.build_time_limit_seconds,
    )
    actions = providers.Singleton(ActionService, uow.provider, clock, ids)
    cleanup = providers.Singleton(ProjectCleanup, uow.provider)
    verifier = providers.Singleton(
        TokenVerifier,
        providers.Singleton(
            JwksCache, providers.Singleton(http_jwks_fetcher, settings.provided.jwks_url)
        ),
    )
