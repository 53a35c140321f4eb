"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from dependency_injector import containers, providers

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.engine import ExecutionEngine
from flowloom.runner.application.policy import EnginePolicy
from flowloom.runner.application.projects import ProjectCleanupService
from flowloom.runner.application.runs import RunService
from flowloom.runner.application.secrets import ProjectSecretService
from flowloom.runner.application.triggers import TriggerKeeper
from flowloom.runner.infrastructure.conditions.evaluator import CelConditionEvaluator
from flowloom.runner.infrastructure.conditions.processes import ConditionWorkers
from flowloom.runner.infrastructure.database.caches import RunCache, VersionCache
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.log_repository import SqlLogRepository
from flowloom.runner.infrastructure.database.tables import (
    message_tables,
    token_revocations,
)
from flowloom.runner.infrastructure.database.unit_of_work import SqlAlchemyRunnerUnitOfWork
from flowloom.runner.infrastructure.deployer.archives import ObjectStoreArtefacts
from flowloom.runner.infrastructure.deployer.launcher import (
    DirectoryInputs,
    FileCache,
    SandboxPolicy,
    WrapperLauncher,
)
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker
from flowloom.runner.infrastructure.journal.file import FileOutcomeJournal
from flowloom.runner.infrastructure.messaging.events import to_envelope
from flowloom.runner.infrastructure.messaging.transport import TransportCipher
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore
from flowloom.runner.infrastructure.system import SystemClock, SystemIds
from flowloom.runner.infrastructure.triggers.supervisor import LocalTriggerSupervisor
from flowloom.runner.settings import RunnerSettings
from flowloom.servicekit.database.errors import database_unavailable
from flowloom.servicekit.database.lease import lease_for
from flowloom.servicekit.keys import key_ring, required_key_ring
from flowloom.servicekit.outages import OutageRetry
from flowloom.servicekit.resources import database_and_bus, token_checks


def cipher(settings: RunnerSettings) -> ValueCipher:
    name = "FLOWLOOM_RUNNER_VALUES_KEY"
    return ValueCipher(required_key_ring(settings.values_key, settings.values_key_file, name))


def transport_cipher(settings: RunnerSettings) -> TransportCipher:
    name = "FLOWLOOM_RUNNER_SECRETS_TRANSPORT_KEY"
    file = settings.secrets_transport_key_file
    return TransportCipher(key_ring(settings.secrets_transport_key, file, name))


def seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def file_cache(data_dir: Path, max_bytes: int) -> FileCache | None:
    """The wrappers' object cache, one folder per project, under the data dir."""
    return FileCache((data_dir / "file-cache").absolute(), max_bytes) if max_bytes > 0 else None


def sandbox_policy(settings: RunnerSettings) -> SandboxPolicy:
    return SandboxPolicy.detect(
        settings.action_network,
        settings.allow_unsandboxed,
        settings.action_uid,
        settings.action_gid,
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=RunnerSettings)

    engine, sessions, bus, outbox_signal, relay = database_and_bus(
        settings,
        message_tables.outbox,
        pool_size=settings.provided.database_pool_size,
        max_overflow=settings.provided.database_pool_overflow,
    )
    lease = providers.Singleton(lease_for, engine, settings.provided.database_url, "runner")
    values_cipher = providers.Singleton(cipher, settings)
    uow = providers.Factory(
        SqlAlchemyRunnerUnitOfWork,
        sessions,
        message_tables,
        to_envelope,
        outbox_signal.provided.notify,
        cipher=values_cipher,
        # Committed runs and decoded versions, shared by this process's units of work.
        run_cache=providers.Singleton(RunCache),
        version_cache=providers.Singleton(VersionCache),
    )

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(SystemIds)
    # The runner's own work waits out a database outage (servicekit says what one is).
    outages = providers.Singleton(
        OutageRetry,
        database_unavailable,
        clock,
        first=settings.provided.database_retry_seconds,
        longest=settings.provided.database_retry_max_seconds,
    )
    journal = providers.Singleton(
        FileOutcomeJournal,
        providers.Callable(
            lambda data_dir: data_dir / "outcome-journal", settings.provided.data_dir
        ),
        values_cipher,
    )
    # Worker processes (started on first use, stopped by the lifespan): CEL never runs on the
    # event loop.
    condition_workers = providers.Singleton(
        ConditionWorkers,
        settings.provided.condition_workers,
        settings.provided.condition_timeout_seconds,
    )
    conditions = providers.Singleton(CelConditionEvaluator, condition_workers)
    secrets = providers.Singleton(ProjectSecretService, uow.provider)
    transport = providers.Singleton(transport_cipher, settings)
    logs = providers.Singleton(SqlLogRepository, sessions)
    files = providers.Singleton(
        S3FileStore,
        settings.provided.s3_url,
        settings.provided.s3_access_key,
        settings.provided.s3_secret_key,
        settings.provided.s3_bucket,
        url_ttl=providers.Callable(seconds, settings.provided.action_url_seconds),
        download_ttl=providers.Callable(seconds, settings.provided.download_url_seconds),
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
        launcher=providers.Singleton(
            WrapperLauncher,
            providers.Singleton(sandbox_policy, settings),
            file_cache=providers.Callable(
                file_cache, settings.provided.data_dir, settings.provided.file_cache_bytes
            ),
            object_store_url=settings.provided.s3_url,
            directory_inputs=providers.Factory(
                DirectoryInputs,
                settings.provided.directory_input_bytes,
                settings.provided.directory_input_files,
            ),
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
        outages=outages,
        journal=journal,
    )
    runs = providers.Singleton(RunService, uow.provider, execution_engine, files, logs, clock, ids)
    # Arguments set after the class: the supervisor calls back the deployment service, which
    # depends on it through the trigger keeper (it receives providers, resolved per event).
    supervisor = providers.Singleton(LocalTriggerSupervisor)
    triggers = providers.Singleton(TriggerKeeper, deployer, supervisor)
    deployments = providers.Singleton(
        DeploymentService, uow.provider, triggers, conditions, clock, ids, logs
    )
    cleanup = providers.Singleton(
        ProjectCleanupService, uow.provider, triggers, execution_engine, logs, files
    )
    # Tokens revoked by authorization (consumed from `tokens.revoked`, kept in the database).
    deny_list, revocations, jwks, verifier = token_checks(
        settings, sessions, token_revocations, message_tables.inbox
    )


Container.supervisor.set_args(
    Container.deployer,
    Container.runs.provider,
    Container.deployments.provider,
    Container.files,
    Container.secrets,
    Container.clock,
)
Container.supervisor.add_kwargs(
    logs=Container.logs, start_seconds=Container.settings.provided.trigger_start_seconds
)
