"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

from pathlib import Path

from dependency_injector import containers, providers
from sqlalchemy.engine import make_url

from flowloom.repository.application.actions import ActionService
from flowloom.repository.application.builds import BuildService
from flowloom.repository.application.projects import ProjectCleanupService
from flowloom.repository.application.scans import ScanService
from flowloom.repository.application.sources import SourceService
from flowloom.repository.domain.reach import AllowList
from flowloom.repository.infrastructure.database.cipher import FernetCredentialCipher
from flowloom.repository.infrastructure.database.tables import (
    message_tables,
    token_revocations,
)
from flowloom.repository.infrastructure.database.unit_of_work import (
    SqlAlchemyRepositoryUnitOfWork,
)
from flowloom.repository.infrastructure.git.client import GitClient
from flowloom.repository.infrastructure.git.gate import SystemSourceGate
from flowloom.repository.infrastructure.messaging.events import to_envelope
from flowloom.repository.infrastructure.objectstore.s3 import S3ObjectStore
from flowloom.repository.infrastructure.scanning.scanner import GitRepositoryScanner
from flowloom.repository.infrastructure.system import SystemClock, SystemIds
from flowloom.repository.settings import RepositorySettings
from flowloom.servicekit.keys import required_key_ring
from flowloom.servicekit.resources import database_and_bus, outage_retry, token_checks


def cipher(settings: RepositorySettings) -> FernetCredentialCipher:
    name = "FLOWLOOM_REPOSITORY_CREDENTIALS_KEY"
    ring = required_key_ring(settings.credentials_key, settings.credentials_key_file, name)
    return FernetCredentialCipher(ring)


def git_client(settings: RepositorySettings) -> GitClient:
    return GitClient(settings.data_dir / "git-cache", work_dir=settings.data_dir / "worktrees")


def platform_data(settings: RepositorySettings) -> list[Path]:
    """What no source may read: the data dir (git cache, checkouts in flight), a SQLite
    database, and the platform's other data dirs."""
    protected = [settings.data_dir, settings.data_dir / "git-cache", *settings.platform_data_dirs]
    database = make_url(settings.database_url)
    if database.get_backend_name() == "sqlite" and database.database:
        protected.append(Path(database.database))
    return protected


def source_gate(settings: RepositorySettings) -> SystemSourceGate:
    return SystemSourceGate(
        platform_data(settings),
        settings.local_roots,
        AllowList.parse(settings.allowed_networks),
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=RepositorySettings)

    engine, sessions, bus, outbox_signal, relay = database_and_bus(settings, message_tables.outbox)
    outages = outage_retry()
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
    gate = providers.Singleton(source_gate, settings)
    sources = providers.Singleton(SourceService, uow.provider, credential_cipher, clock, ids, gate)
    scans = providers.Singleton(
        ScanService,
        uow.provider,
        scanner,
        credential_cipher,
        clock,
        ids,
        gate,
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
    cleanup = providers.Singleton(ProjectCleanupService, uow.provider)
    # Tokens revoked by authorization (consumed from `tokens.revoked`, kept in the database).
    deny_list, revocations, jwks, verifier = token_checks(
        settings, sessions, token_revocations, message_tables.inbox
    )
