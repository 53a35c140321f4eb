"""Application services end to end on the real database (hashing and signing faked)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime

import pytest

from flowloom.authorization.application.access import Actor
from flowloom.authorization.application.authentication import AuthenticationService
from flowloom.authorization.application.bootstrap import BootstrapService
from flowloom.authorization.application.projects import ProjectService
from flowloom.authorization.domain.errors import InvalidCredentials, InvalidToken, TooManyAttempts
from flowloom.authorization.domain.model import Role
from flowloom.authorization.domain.ports import Clock, Ids, PasswordHasher, TokenSigner
from flowloom.authorization.domain.signing import AccessClaims
from flowloom.authorization.infrastructure.database.tables import (
    api_keys,
    memberships,
    message_tables,
    refresh_tokens,
    users,
)

from .support import NOW, Database, api_key, member, project, user

pytestmark = pytest.mark.integration
ADDRESS = "192.0.2.1"


class FixedClock(Clock):
    def now(self) -> datetime:
        return NOW


class RandomIds(Ids):
    def token_urlsafe(self, nbytes: int) -> str:
        return uuid.uuid4().hex.ljust(-(-4 * nbytes // 3), "x")

    def new_id(self) -> str:
        return str(uuid.uuid4())


class PlainHasher(PasswordHasher):
    async def hash(self, password: str) -> str:
        return f"plain${password}"

    async def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == f"plain${password}"

    def needs_rehash(self, password_hash: str) -> bool:
        return False


class Signer(TokenSigner):
    def sign(self, claims: AccessClaims) -> str:
        return f"jwt.{claims.jti}"


def bootstrap(database: Database) -> BootstrapService:
    return BootstrapService(database.uow, PlainHasher(), FixedClock(), RandomIds())


def authentication(database: Database) -> AuthenticationService:
    return AuthenticationService(database.uow, PlainHasher(), FixedClock(), RandomIds(), Signer())


async def test_admin_can_log_in_when_bootstrapped_on_empty_database(database: Database):
    password = await bootstrap(database).ensure_admin()
    assert password is not None

    pair = await authentication(database).login("admin", password, address=ADDRESS)

    assert pair.access.username == "admin"
    assert pair.access.is_admin
    assert await bootstrap(database).ensure_admin() is None
    assert await database.count(refresh_tokens) == 1


async def test_creates_one_admin_when_replicas_bootstrap_together(database: Database):
    passwords = await asyncio.gather(*(bootstrap(database).ensure_admin() for _ in range(3)))

    assert sum(password is not None for password in passwords) == 1
    assert await database.count(users) == 1


async def test_burns_the_family_when_a_rotated_refresh_token_comes_back(database: Database):
    await bootstrap(database).ensure_admin()
    async with database.uow() as uow:
        admin = await uow.users.get_by_username("admin")
        assert admin is not None
        admin.password_hash = "plain$s3cret-pass"
        await uow.commit()
    auth = authentication(database)
    login = await auth.login("admin", "s3cret-pass", address=ADDRESS)
    assert login.refresh_token is not None
    rotated = await auth.refresh(login.refresh_token)
    assert rotated.refresh_token is not None

    with pytest.raises(InvalidToken):
        await auth.refresh(login.refresh_token)
    with pytest.raises(InvalidToken):
        await auth.refresh(rotated.refresh_token)


async def test_locks_the_username_when_logins_keep_failing(database: Database):
    auth = authentication(database)
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            await auth.login("nobody", "wrong password", address=ADDRESS)

    with pytest.raises(TooManyAttempts):
        await auth.login("nobody", "wrong password", address=ADDRESS)


async def test_deleting_a_project_removes_its_data_and_emits_its_events(database: Database):
    root, bob, lab = user("root", is_admin=True), user("bob"), project("lab")
    await database.seed(
        root,
        bob,
        lab,
        member(lab, root),
        member(lab, bob, Role.DEVELOPER),
        api_key("k-1", bob, lab, prefix="abcdefgh"),
    )
    projects = ProjectService(database.uow, FixedClock(), RandomIds())

    await projects.delete(Actor(root.id, is_admin=True, project_id=lab.id), lab.id)

    assert await database.count(memberships) == 0
    assert await database.count(api_keys) == 0
    # ProjectDeleted and TokensRevoked (of the project), relayed after one commit.
    assert await database.count(message_tables.outbox) == 2
    assert len(database.wakeups) == 1
