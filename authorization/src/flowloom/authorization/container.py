"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

from dependency_injector import containers, providers

from flowloom.authorization.application.api_keys import ApiKeyService
from flowloom.authorization.application.authentication import AuthenticationService
from flowloom.authorization.application.bootstrap import BootstrapService
from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.application.projects import ProjectService
from flowloom.authorization.application.signing_keys import SigningKeyService
from flowloom.authorization.application.users import UserService
from flowloom.authorization.infrastructure.database.tables import message_tables
from flowloom.authorization.infrastructure.database.unit_of_work import (
    SqlAlchemyAuthorizationUnitOfWork,
)
from flowloom.authorization.infrastructure.messaging.events import to_envelope
from flowloom.authorization.infrastructure.security.keys import (
    Ed25519KeyGenerator,
    JwtTokenSigner,
    SystemClock,
    SystemSecrets,
)
from flowloom.authorization.infrastructure.security.passwords import Argon2PasswordHasher
from flowloom.authorization.settings import AuthorizationSettings
from flowloom.servicekit.database.engine import create_engine, session_factory
from flowloom.servicekit.database.outbox import OutboxSignal
from flowloom.servicekit.resources import bus_resource, relay_resource
from flowloom.servicekit.tokens import JwksCache, TokenVerifier


def policy(settings: AuthorizationSettings) -> AuthPolicy:
    from datetime import timedelta

    return AuthPolicy(
        access_token_ttl=timedelta(minutes=settings.access_token_minutes),
        refresh_token_ttl=timedelta(days=settings.refresh_token_days),
        lockout_threshold=settings.lockout_threshold,
        lockout_max_delay=timedelta(seconds=settings.lockout_max_seconds),
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=AuthorizationSettings)

    # The engine opens connections lazily, so a plain singleton (disposed by the lifespan)
    # keeps the unit-of-work factory synchronous; the bus and relay are async resources.
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
        SqlAlchemyAuthorizationUnitOfWork,
        sessions,
        message_tables,
        to_envelope,
        outbox_signal.provided.notify,
    )

    clock = providers.Singleton(SystemClock)
    secrets = providers.Singleton(SystemSecrets)
    hasher = providers.Singleton(Argon2PasswordHasher)
    signer = providers.Singleton(JwtTokenSigner)
    policy = providers.Singleton(policy, settings)

    signing_keys = providers.Singleton(
        SigningKeyService, uow.provider, providers.Singleton(Ed25519KeyGenerator), clock, secrets
    )
    verifier = providers.Singleton(
        TokenVerifier, providers.Singleton(JwksCache, signing_keys.provided.jwks)
    )
    bootstrap = providers.Singleton(BootstrapService, uow.provider, hasher, clock, secrets)
    authentication = providers.Singleton(
        AuthenticationService, uow.provider, hasher, clock, secrets, signer, policy
    )
    users = providers.Singleton(UserService, uow.provider, hasher, clock, secrets)
    projects = providers.Singleton(ProjectService, uow.provider, clock, secrets)
    api_keys = providers.Singleton(ApiKeyService, uow.provider, clock, secrets)
