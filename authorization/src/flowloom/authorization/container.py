"""Dependency-injector container: settings → resources → adapters → application services."""

from __future__ import annotations

from dependency_injector import containers, providers

from flowloom.authorization.application.api_keys import ApiKeyService
from flowloom.authorization.application.authentication import AuthenticationService
from flowloom.authorization.application.bootstrap import BootstrapService
from flowloom.authorization.application.lockouts import LockoutService
from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.application.projects import ProjectService
from flowloom.authorization.application.signing_keys import SigningKeyService
from flowloom.authorization.application.users import UserService
from flowloom.authorization.domain.throttle import LockoutRule
from flowloom.authorization.infrastructure.api.client_address import ClientAddresses
from flowloom.authorization.infrastructure.database.tables import (
    message_tables,
    token_revocations,
)
from flowloom.authorization.infrastructure.database.unit_of_work import (
    SqlAlchemyAuthorizationUnitOfWork,
)
from flowloom.authorization.infrastructure.messaging.events import to_envelope
from flowloom.authorization.infrastructure.security.keys import Ed25519KeyGenerator, JwtTokenSigner
from flowloom.authorization.infrastructure.security.passwords import Argon2PasswordHasher
from flowloom.authorization.infrastructure.security.refresh import SigningKeyRefresher
from flowloom.authorization.infrastructure.security.sealing import required_key_encryption_ring
from flowloom.authorization.infrastructure.system import SystemClock, SystemIds
from flowloom.authorization.settings import AuthorizationSettings
from flowloom.servicekit.database.revocations import TokenRevocations
from flowloom.servicekit.resources import database_and_bus, outage_retry
from flowloom.servicekit.revocations import DenyList
from flowloom.servicekit.tokens import JwksCache, TokenVerifier


def policy(settings: AuthorizationSettings) -> AuthPolicy:
    from datetime import timedelta

    def lockout(threshold: int) -> LockoutRule:
        return LockoutRule(
            threshold=threshold,
            max_delay=timedelta(seconds=settings.lockout_max_seconds),
            forget_after=timedelta(seconds=settings.lockout_forget_seconds),
        )

    return AuthPolicy(
        access_token_ttl=timedelta(minutes=settings.access_token_minutes),
        refresh_token_ttl=timedelta(days=settings.refresh_token_days),
        user_lockout=lockout(settings.lockout_threshold),
        address_lockout=lockout(settings.lockout_address_threshold),
        lockout_max_entries=settings.lockout_max_entries,
        signing_key_publish_delay=timedelta(seconds=settings.signing_key_publish_seconds),
        # Replicas switch within a refresh period; verifiers allow 10 s of clock leeway.
        signing_key_grace=timedelta(seconds=settings.signing_key_refresh_seconds + 20),
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=AuthorizationSettings)

    engine, sessions, bus, outbox_signal, relay = database_and_bus(settings, message_tables.outbox)
    outages = outage_retry()
    uow = providers.Factory(
        SqlAlchemyAuthorizationUnitOfWork,
        sessions,
        message_tables,
        to_envelope,
        outbox_signal.provided.notify,
    )

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(SystemIds)
    hasher = providers.Singleton(Argon2PasswordHasher)
    key_encryption = providers.Singleton(required_key_encryption_ring, settings)
    signer = providers.Singleton(JwtTokenSigner, ring=key_encryption)
    policy = providers.Singleton(policy, settings)

    signing_keys = providers.Singleton(
        SigningKeyService,
        uow=uow.provider,
        generator=providers.Singleton(Ed25519KeyGenerator, ring=key_encryption),
        clock=clock,
        ids=ids,
        policy=policy,
    )
    key_refresher = providers.Singleton(
        SigningKeyRefresher,
        keys=signing_keys,
        signer=signer,
        period=settings.provided.signing_key_refresh_seconds,
    )
    # This service verifies its own tokens like the others: with the revocations it consumed.
    deny_list = providers.Singleton(DenyList)
    revocations = providers.Singleton(
        TokenRevocations, sessions, token_revocations, message_tables.inbox, deny_list
    )
    jwks = providers.Singleton(JwksCache, signing_keys.provided.jwks)
    verifier = providers.Singleton(TokenVerifier, jwks, deny_list)
    bootstrap = providers.Singleton(
        BootstrapService, uow=uow.provider, hasher=hasher, clock=clock, ids=ids
    )
    authentication = providers.Singleton(
        AuthenticationService,
        uow=uow.provider,
        hasher=hasher,
        clock=clock,
        ids=ids,
        signer=signer,
        policy=policy,
    )
    users = providers.Singleton(
        UserService, uow=uow.provider, hasher=hasher, clock=clock, ids=ids, policy=policy
    )
    projects = providers.Singleton(
        ProjectService, uow=uow.provider, clock=clock, ids=ids, policy=policy
    )
    api_keys = providers.Singleton(
        ApiKeyService, uow=uow.provider, clock=clock, ids=ids, policy=policy
    )
    lockouts = providers.Singleton(LockoutService, uow=uow.provider, clock=clock)
    client_addresses = providers.Singleton(ClientAddresses, settings.provided.trusted_proxies)
