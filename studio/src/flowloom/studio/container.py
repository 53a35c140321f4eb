"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

from dependency_injector import containers, providers

from flowloom.servicekit.keys import key_ring, required_key_ring
from flowloom.servicekit.resources import database_and_bus, outage_retry, token_checks
from flowloom.studio.application.actions import ActionStoreService
from flowloom.studio.application.context import Readers
from flowloom.studio.application.deployments import DeploymentService
from flowloom.studio.application.editing import EditingService
from flowloom.studio.application.projects import ProjectCleanupService
from flowloom.studio.application.transfer import TransferService
from flowloom.studio.application.variables import VariableService
from flowloom.studio.application.workflows import WorkflowService
from flowloom.studio.infrastructure.conditions.cel import CelConditionChecker
from flowloom.studio.infrastructure.database.cipher import SecretCipher
from flowloom.studio.infrastructure.database.tables import (
    message_tables,
    token_revocations,
)
from flowloom.studio.infrastructure.database.unit_of_work import SqlAlchemyStudioUnitOfWork
from flowloom.studio.infrastructure.messaging.events import EnvelopeMapper
from flowloom.studio.infrastructure.messaging.transport import TransportCipher
from flowloom.studio.infrastructure.objectstore.s3 import S3FileStore
from flowloom.studio.infrastructure.schedules import CronScheduleReader
from flowloom.studio.infrastructure.system import SystemClock, SystemIds
from flowloom.studio.settings import StudioSettings


def cipher(settings: StudioSettings) -> SecretCipher:
    name = "FLOWLOOM_STUDIO_SECRETS_KEY"
    return SecretCipher(required_key_ring(settings.secrets_key, settings.secrets_key_file, name))


def transport_cipher(settings: StudioSettings) -> TransportCipher:
    """The key shared with the runner: secret values are sealed with it on the bus."""
    name = "FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY"
    try:
        ring = key_ring(settings.secrets_transport_key, settings.secrets_transport_key_file, name)
    except ValueError as error:
        raise RuntimeError(str(error)) from None
    if ring is None:
        raise RuntimeError(
            f"{name} (or FLOWLOOM_SECRETS_TRANSPORT_KEY, or a _FILE) is not set: use the "
            "runner's secrets transport key (a Fernet key: `python -c 'from "
            "cryptography.fernet import Fernet; print(Fernet.generate_key())'`)"
        )
    return TransportCipher(ring)


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=StudioSettings)

    engine, sessions, bus, outbox_signal, relay = database_and_bus(settings, message_tables.outbox)
    outages = outage_retry()
    uow = providers.Factory(
        SqlAlchemyStudioUnitOfWork,
        sessions,
        message_tables,
        providers.Singleton(
            EnvelopeMapper,
            providers.Singleton(transport_cipher, settings),
            settings.provided.s3_bucket,
        ),
        outbox_signal.provided.notify,
        cipher=providers.Singleton(cipher, settings),
    )

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(SystemIds)
    conditions = providers.Singleton(
        CelConditionChecker, settings.provided.condition_parse_timeout_seconds
    )
    readers = providers.Singleton(Readers, conditions, providers.Singleton(CronScheduleReader))
    files = providers.Singleton(
        S3FileStore,
        settings.provided.s3_url,
        settings.provided.s3_access_key,
        settings.provided.s3_secret_key,
        settings.provided.s3_bucket,
    )

    actions = providers.Singleton(ActionStoreService, uow.provider)
    workflows = providers.Singleton(WorkflowService, uow.provider, files, readers, clock, ids)
    editing = providers.Singleton(EditingService, uow.provider, workflows, clock)
    transfer = providers.Singleton(TransferService, uow.provider, workflows, files, clock, ids)
    deployments = providers.Singleton(DeploymentService, uow.provider, readers, clock, ids)
    variables = providers.Singleton(VariableService, uow.provider, clock, ids)
    cleanup = providers.Singleton(ProjectCleanupService, uow.provider, files)
    # Tokens revoked by authorization (consumed from `tokens.revoked`, kept in the database).
    deny_list, revocations, jwks, verifier = token_checks(
        settings, sessions, token_revocations, message_tables.inbox
    )
