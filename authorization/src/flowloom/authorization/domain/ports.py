"""Ports: the unit of work over the repositories and the technical services."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from flowloom.authorization.domain.events import DomainEvent
from flowloom.authorization.domain.repositories import (
    ApiKeyRepository,
    LoginThrottleRepository,
    MembershipRepository,
    ProjectRepository,
    RefreshTokenRepository,
    SigningKeyRepository,
    UserRepository,
)
from flowloom.authorization.domain.signing import AccessClaims, SigningKey
from flowloom.servicekit import kernel


class UnitOfWork(kernel.UnitOfWork[DomainEvent]):
    """The kernel's unit of work over the authorization's repositories."""

    users: UserRepository
    projects: ProjectRepository
    memberships: MembershipRepository
    refresh_tokens: RefreshTokenRepository
    api_keys: ApiKeyRepository
    login_throttles: LoginThrottleRepository
    signing_keys: SigningKeyRepository


class PasswordHasher(ABC):
    """Slow salted password hashing (argon2 in production).

    ``hash`` and ``verify`` are async so the adapter can run the CPU-heavy work in a thread
    instead of blocking the event loop.
    """

    @abstractmethod
    async def hash(self, password: str) -> str: ...
    @abstractmethod
    async def verify(self, password_hash: str, password: str) -> bool:
        """False on mismatch or on a malformed hash; never raises for bad input."""

    @abstractmethod
    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker parameters than the current ones."""


class Clock(ABC):
    """The current time."""

    @abstractmethod
    def now(self) -> datetime:
        """An aware datetime in UTC."""


class Ids(ABC):
    """New identifiers and unguessable secrets: cryptographically secure randomness (the
    ``uuid`` and ``secrets`` modules)."""

    @abstractmethod
    def new_id(self) -> str:
        """A new random UUID in its canonical 36-character text form."""

    @abstractmethod
    def token_urlsafe(self, nbytes: int) -> str:
        """``nbytes`` random bytes as URL-safe base64 without padding (ceil(4n/3) chars)."""


class KeyGenerator(ABC):
    """Creates asymmetric signing key pairs (the adapter picks algorithm and size) and seals
    their private half with the key-encryption key, which never reaches the database."""

    @abstractmethod
    def new_key(self, kid: str, now: datetime, signs_from: datetime) -> SigningKey:
        """A new key; ``public_jwk`` must carry ``kid``, ``alg`` and ``use: sig``."""


class TokenSigner(ABC):
    """Turns access claims into a compact signed JWT.

    The application signs (rather than handing bare claims to the API layer) so that every use
    case returning a token returns a usable one. The adapter signs with the key
    ``SigningKeyService`` hands it (``ensure_active_key`` at start, then ``refresh``), putting
    its ``kid`` in the header, and maps the claims to ``sub``, ``username``, ``is_admin``,
    ``project_id``, ``role``, ``iat``, ``exp`` and ``jti``.
    """

    @abstractmethod
    def sign(self, claims: AccessClaims) -> str: ...
