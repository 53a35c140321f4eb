"""Fakes for every port: a transactional in-memory unit of work and deterministic helpers."""

from __future__ import annotations

import copy
import math
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flowloom.authorization.domain import ports
from flowloom.authorization.domain.events import DomainEvent
from flowloom.authorization.domain.signing import AccessClaims, SigningKey

from .fake_repositories import (
    FakeApiKeyRepository,
    FakeLoginThrottleRepository,
    FakeMembershipRepository,
    FakeProjectRepository,
    FakeRefreshTokenRepository,
    FakeSigningKeyRepository,
    FakeUserRepository,
    Tables,
)


@dataclass
class FakeDatabase:
    """Committed state, the events published from it, and how many commits happened."""

    tables: Tables = field(default_factory=Tables)
    published: list[DomainEvent] = field(default_factory=list)
    commits: int = 0
    fail_next_commit: bool = False


@dataclass(eq=False)
class FakeUnitOfWork(ports.UnitOfWork):
    """Works on a private copy of the database: only ``commit`` makes changes visible."""

    db: FakeDatabase
    pending: list[DomainEvent] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._bind(copy.deepcopy(self.db.tables))

    def _bind(self, tables: Tables) -> None:
        self.tables = tables
        self.users = FakeUserRepository(tables)
        self.projects = FakeProjectRepository(tables)
        self.memberships = FakeMembershipRepository(tables)
        self.refresh_tokens = FakeRefreshTokenRepository(tables)
        self.api_keys = FakeApiKeyRepository(tables)
        self.login_throttles = FakeLoginThrottleRepository(tables)
        self.signing_keys = FakeSigningKeyRepository(tables)

    async def commit(self) -> None:
        if self.db.fail_next_commit:
            self.db.fail_next_commit = False
            raise RuntimeError("simulated database failure at commit")
        self.db.tables = copy.deepcopy(self.tables)
        self.db.published.extend(self.pending)
        self.db.commits += 1
        self.pending = []

    async def rollback(self) -> None:
        self.pending = []
        self._bind(copy.deepcopy(self.db.tables))

    def emit(self, event: DomainEvent) -> None:
        self.pending.append(event)


@dataclass(eq=False)
class FakeClock(ports.Clock):
    current: datetime = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass(eq=False)
class FakeIds(ports.Ids):
    """Predictable, distinct values of the real lengths."""

    calls: int = 0

    def token_urlsafe(self, nbytes: int) -> str:
        self.calls += 1
        return f"t{self.calls}".rjust(math.ceil(4 * nbytes / 3), "x")

    def new_id(self) -> str:
        self.calls += 1
        return str(uuid.UUID(int=self.calls))


@dataclass(eq=False)
class FakePasswordHasher(ports.PasswordHasher):
    """``hashed$<pw>`` is current, ``old$<pw>`` is outdated; counts verifications."""

    verifications: int = 0

    async def hash(self, password: str) -> str:
        return f"hashed${password}"

    async def verify(self, password_hash: str, password: str) -> bool:
        self.verifications += 1
        return password_hash in (f"hashed${password}", f"old${password}")

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash.startswith("old$")


@dataclass(eq=False)
class FakeTokenSigner(ports.TokenSigner):
    signed: list[AccessClaims] = field(default_factory=list)

    def sign(self, claims: AccessClaims) -> str:
        self.signed.append(claims)
        return f"jwt.{claims.jti}"


class FakeKeyGenerator(ports.KeyGenerator):
    def new_key(self, kid: str, now: datetime, signs_from: datetime) -> SigningKey:
        public = {"kty": "OKP", "crv": "Ed25519", "x": f"x-{kid}", "kid": kid, "use": "sig"}
        jwk = public | {"alg": "EdDSA"}
        return SigningKey(kid, "EdDSA", f"sealed-{kid}", jwk, now, signs_from)
