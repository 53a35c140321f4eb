"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

from dependency_injector import containers, providers

from flowloom.servicekit.database.engine import create_engine, session_factory
from flowloom.servicekit.database.outbox import OutboxSignal
from flowloom.servicekit.resources import bus_resource, relay_resource
from flowloom.servicekit.tokens import JwksCache, TokenVerifier, http_jwks_fetcher
from flowloom.studio.application.actions import ActionStoreService
from flowloom.studio.application.deployments import DeploymentService
from flowloom.studio.application.editing import EditingService
from flowloom.studio.application.projects import ProjectCleanup
from flowloom.studio.application.transfer import TransferService
from flowloom.studio.application.variables import VariableService
from flowloom.studio.application.workflows import WorkflowService
from flowloom.studio.infrastructure.conditions.cel import CelConditionChecker
from flowloom.studio.infrastructure.database.cipher import SecretCipher
from flowloom.studio.infrastructure.database.tables import message_tables
from flowloom.studio.infrastructure.database.unit_of_work import SqlAlchemyStudioUnitOfWork
from flowloom.studio.infrastructure.messaging.events import EnvelopeMapper
from flowloom.studio.infrastructure.messaging.transport import TransportCipher
from flowloom.studio.infrastructure.objectstore.s3 import S3FileStore
from flowloom.studio.infrastructure.system import SystemClock, SystemIds
from flowloom.studio.settings import StudioSettings


def cipher(settings: StudioSettings) -> SecretCipher:
    if not settings.secrets_key:
        raise RuntimeError(
            "FLOWLOOM_STUDIO_SECRETS_KEY is not set: generate one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'`"
        )
    return SecretCipher(settings.secrets_key)


def transport_cipher(settings: StudioSettings) -> TransportCipher:
    """The key shared with the runner: secret values are sealed with it on the bus."""
    if not settings.secrets_transport_key:
        raise RuntimeError(
            "FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY (or FLOWLOOM_SECRETS_TRANSPORT_KEY) is not "
            "set: use the runner's secrets transport key (a Fernet key: `python -c 'from "
            "cryptography.fernet import Fernet; print(Fernet.generate_key())'`)"
        )
    try:
        return TransportCipher(settings.secrets_transport_key)
    except ValueError:
        raise RuntimeError(
            "FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY is not a Fernet key (32 url-safe base64 bytes)"
        ) from None


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=StudioSettings)

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
    conditions = providers.Singleton(CelConditionChecker)
    files = providers.Singleton(
        S3FileStore,
        settings.provided.s3_url,
        settings.provided.s3_access_key,
        settings.provided.s3_secret_key,
        settings.provided.s3_bucket,
    )

    actions = providers.Singleton(ActionStoreService, uow.provider)
    workflows = providers.Singleton(WorkflowService, uow.provider, files, conditions, clock, ids)
    editing = providers.Singleton(EditingService, uow.provider, workflows, clock)
    transfer = providers.Singleton(TransferService, uow.provider, workflows, files, clock, ids)
    deployments = providers.Singleton(DeploymentService, uow.provider, conditions, clock, ids)
    variables = providers.Singleton(VariableService, uow.provider, clock, ids)
    cleanup = providers.Singleton(ProjectCleanup, uow.provider, files)
    verifier = providers.Singleton(
        TokenVerifier,
        providers.Singleton(
            JwksCache, providers.Singleton(http_jwks_fetcher, settings.provided.jwks_url)
        ),
    )
