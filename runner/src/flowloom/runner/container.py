"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

from pathlib import Path

from dependency_injector import containers, providers

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.engine import ExecutionEngine
from flowloom.runner.application.policy import EnginePolicy
from flowloom.runner.application.projects import ProjectCleanupService
from flowloom.runner.application.runs import RunService
from flowloom.runner.application.secrets import ProjectSecrets
from flowloom.runner.application.triggers import TriggerKeeper
from flowloom.runner.infrastructure.conditions.cel import CelConditionEvaluator
from flowloom.runner.infrastructure.database.caches import RunCache, VersionCache
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.log_repository import SqlLogRepository
from flowloom.runner.infrastructure.database.tables import message_tables
from flowloom.runner.infrastructure.database.unit_of_work import SqlAlchemyRunnerUnitOfWork
from flowloom.runner.infrastructure.deployer.archives import ObjectStoreArtefacts
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.deployer.process import FileCache
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker
from flowloom.runner.infrastructure.messaging.events import to_envelope
from flowloom.runner.infrastructure.messaging.transport import TransportCipher
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore
from flowloom.runner.infrastructure.system import SystemClock, SystemIds
from flowloom.runner.infrastructure.triggers.supervisor import LocalTriggerSupervisor
from flowloom.runner.settings import RunnerSettings
from flowloom.servicekit.database.engine import create_engine, session_factory
from flowloom.servicekit.database.outbox import OutboxSignal
from flowloom.servicekit.resources import bus_resource, relay_resource
from flowloom.servicekit.tokens import JwksCache, TokenVerifier, http_jwks_fetcher


def cipher(settings: RunnerSettings) -> ValueCipher:
    if not settings.values_key:
        raise RuntimeError(
            "FLOWLOOM_RUNNER_VALUES_KEY is not set: generate one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'`"
        )
    return ValueCipher(settings.values_key)


def file_cache(data_dir: Path, max_bytes: int) -> FileCache | None:
    """The wrappers' shared object cache under the data dir (absolute: wrappers run elsewhere)."""
    return FileCache((data_dir / "file-cache").absolute(), max_bytes) if max_bytes > 0 else None


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=RunnerSettings)

    # The engine opens connections lazily: a plain singleton (disposed by the lifespan) keeps
    # the unit-of-work factory synchronous; the bus and the relay are async resources.
    engine = providers.Singleton(
        create_engine,
        settings.provided.database_url,
        pool_size=settings.provided.database_pool_size,
        max_overflow=settings.provided.database_pool_overflow,
    )
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
        SqlAlchemyRunnerUnitOfWork,
        sessions,
        message_tables,
        to_envelope,
        outbox_signal.provided.notify,
        cipher=providers.Singleton(cipher, settings),
        # Committed runs and decoded versions, shared by this process's units of work.
        run_cache=providers.Singleton(RunCache),
        version_cache=providers.Singleton(VersionCache),
    )

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(SystemIds)
    conditions = providers.Singleton(CelConditionEvaluator)
    secrets = providers.Singleton(ProjectSecrets, uow.provider)
    transport = providers.Singleton(TransportCipher, settings.provided.secrets_transport_key)
    logs = providers.Singleton(SqlLogRepository, sessions)
    files = providers.Singleton(
        S3FileStore,
        settings.provided.s3_url,
        settings.provided.s3_access_key,
        settings.provided.s3_secret_key,
        settings.provided.s3_bucket,
    )
    artefacts = providers.Singleton(
        ObjectStoreArtefacts,
        settings.provided.s3_url,
        settings.provided.s3_access_key,
        settings.provided.s3_secret_key,
        providers.Callable(lambda data_dir: data_dir / "artefacts", settings.provided.data_dir),
    )
    deployer = providers.Singleton(
        LocalActionDeployer,
        artefacts,
        concurrency=settings.provided.action_concurrency,
        idle_timeout=settings.provided.action_idle_seconds,
        start_timeout=settings.provided.action_start_timeout_seconds,
        file_cache=providers.Callable(
            file_cache, settings.provided.data_dir, settings.provided.file_cache_bytes
        ),
    )
    invoker = providers.Singleton(GrpcActionInvoker, deployer, logs)
    execution_engine = providers.Singleton(
        ExecutionEngine,
        uow.provider,
        conditions,
        secrets,
        files,
        deployer,
        invoker,
        clock,
        providers.Singleton(
            EnginePolicy, max_concurrent_per_action=settings.provided.action_concurrency
        ),
    )
    runs = providers.Singleton(RunService, uow.provider, execution_engine, files, logs, clock, ids)
    # Arguments set after the class: the supervisor calls back the deployment service, which
    # depends on it through the trigger keeper (it receives providers, resolved per event).
    supervisor = providers.Singleton(LocalTriggerSupervisor)
    triggers = providers.Singleton(TriggerKeeper, deployer, supervisor)
    deployments = providers.Singleton(
        DeploymentService, uow.provider, triggers, conditions, clock, ids
    )
    cleanup = providers.Singleton(
        ProjectCleanupService, uow.provider, triggers, execution_engine, logs, files
    )
    verifier = providers.Singleton(
        TokenVerifier,
        providers.Singleton(
            JwksCache, providers.Singleton(http_jwks_fetcher, settings.provided.jwks_url)
        ),
    )


Container.supervisor.set_args(
    Container.deployer,
    Container.runs.provider,
    Container.deployments.provider,
    Container.files,
    Container.secrets,
    Container.clock,
)
