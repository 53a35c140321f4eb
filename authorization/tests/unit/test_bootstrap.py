"""First admin on an empty database."""

from __future__ import annotations

from flowloom.authorization.domain.model import User

from .fake_repositories import FakeUserRepository, Tables
from .fakes import FakeUnitOfWork
from .world import World


async def test_creates_admin_with_random_password_when_no_user_exists(world: World) -> None:
    password = await world.bootstrap().ensure_admin()
    assert password is not None
    assert len(password) == 24
    [admin] = world.tables.users.values()
    assert (admin.username, admin.is_admin, admin.active) == ("admin", True, True)
    pair = await world.login("admin", password)
    assert pair.access.is_admin


async def test_returns_none_when_users_exist(world: World) -> None:
    world.user("bob")
    assert await world.bootstrap().ensure_admin() is None
    assert [u.username for u in world.tables.users.values()] == ["bob"]


class _StaleUsers(FakeUserRepository):
    """Answers as if read before another process committed its admin."""

    async def has_any(self) -> bool:
        return False


class _LosingRaceUnitOfWork(FakeUnitOfWork):
    def _bind(self, tables: Tables) -> None:
        super()._bind(tables)
        self.users = _StaleUsers(tables)


async def test_returns_none_when_another_process_created_admin_first(world: World) -> None:
    winner: User = world.user("admin", is_admin=True)
    world.uow_type = _LosingRaceUnitOfWork
    assert await world.bootstrap().ensure_admin() is None
    assert list(world.tables.users) == [winner.id]
