"""In-memory repositories over plain dictionaries (one `Tables` per transaction)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from flowloom.authorization.domain import repositories
from flowloom.authorization.domain.credentials import ApiKey, RefreshToken
from flowloom.authorization.domain.errors import Conflict
from flowloom.authorization.domain.model import Membership, Project, Role, User
from flowloom.authorization.domain.signing import SigningKey
from flowloom.authorization.domain.throttle import LoginThrottle


@dataclass
class Tables:
    users: dict[str, User] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    memberships: dict[tuple[str, str], Membership] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    api_keys: dict[str, ApiKey] = field(default_factory=dict)
    throttles: dict[str, LoginThrottle] = field(default_factory=dict)
    signing_keys: dict[str, SigningKey] = field(default_factory=dict)


K = TypeVar("K")
T = TypeVar("T")


def _first(rows: Iterable[T], matches: Callable[[T], bool]) -> T | None:
    return next((row for row in rows if matches(row)), None)


def _present(rows: Mapping[str, T], ids: Collection[str]) -> list[T]:
    return [rows[i] for i in ids if i in rows]


def _without(rows: Mapping[K, T], gone: Callable[[T], bool]) -> dict[K, T]:
    return {key: row for key, row in rows.items() if not gone(row)}


def _after(keys: Iterable[str], after: str | None) -> list[str]:
    return [key for key in sorted(keys) if after is None or key > after]


def _page(by_key: Mapping[str, T], limit: int, after: str | None) -> list[T]:
    """At most ``limit`` rows in key order, strictly after the key ``after``."""
    return [by_key[key] for key in _after(by_key, after)][:limit]


@dataclass(eq=False)
class FakeUserRepository(repositories.UserRepository):
    t: Tables

    async def get(self, user_id: str) -> User | None:
        return self.t.users.get(user_id)

    async def get_by_username(self, username: str) -> User | None:
        return _first(self.t.users.values(), lambda u: u.username == username)

    async def get_many(self, user_ids: Collection[str]) -> list[User]:
        return _present(self.t.users, user_ids)

    async def list_page(self, limit: int, after: str | None) -> list[User]:
        return _page({u.username: u for u in self.t.users.values()}, limit, after)

    async def has_any(self) -> bool:
        return bool(self.t.users)

    async def count_active_admins(self) -> int:
        return sum(u.is_active_admin for u in self.t.users.values())

    async def add(self, user: User) -> None:
        if await self.get_by_username(user.username) is not None:
            raise Conflict("username taken")
        self.t.users[user.id] = user

    async def delete(self, user: User) -> None:
        del self.t.users[user.id]


@dataclass(eq=False)
class FakeProjectRepository(repositories.ProjectRepository):
    t: Tables

    async def get(self, project_id: str) -> Project | None:
        return self.t.projects.get(project_id)

    async def get_by_name(self, name: str) -> Project | None:
        return _first(self.t.projects.values(), lambda p: p.name == name)

    async def get_many(self, project_ids: Collection[str]) -> list[Project]:
        return _present(self.t.projects, project_ids)

    async def list_page(
        self, limit: int, after: str | None, member_id: str | None = None
    ) -> list[Project]:
        mine = {pid for pid, uid in self.t.memberships if uid == member_id}
        visible = [p for p in self.t.projects.values() if member_id is None or p.id in mine]
        return _page({p.name: p for p in visible}, limit, after)

    async def add(self, project: Project) -> None:
        if await self.get_by_name(project.name) is not None:
            raise Conflict("project name taken")
        self.t.projects[project.id] = project

    async def delete(self, project: Project) -> None:
        del self.t.projects[project.id]


@dataclass(eq=False)
class FakeMembershipRepository(repositories.MembershipRepository):
    t: Tables

    async def get(self, project_id: str, user_id: str) -> Membership | None:
        return self.t.memberships.get((project_id, user_id))

    async def list_for_user(self, user_id: str) -> list[Membership]:
        return [m for m in self.t.memberships.values() if m.user_id == user_id]

    async def list_for_project(
        self, project_id: str, limit: int, after: str | None
    ) -> list[Membership]:
        members = {m.user_id: m for m in self.t.memberships.values() if m.project_id == project_id}
        return _page(members, limit, after)

    async def count_owners(self, project_id: str) -> int:
        members = self.t.memberships.values()
        return sum(m.project_id == project_id and m.role is Role.OWNER for m in members)

    async def add(self, membership: Membership) -> None:
        key = (membership.project_id, membership.user_id)
        if key in self.t.memberships:
            raise Conflict("already a member")
        self.t.memberships[key] = membership

    async def delete(self, membership: Membership) -> None:
        del self.t.memberships[(membership.project_id, membership.user_id)]

    async def delete_for_project(self, project_id: str) -> None:
        self.t.memberships = _without(self.t.memberships, lambda m: m.project_id == project_id)

    async def delete_for_user(self, user_id: str) -> None:
        self.t.memberships = _without(self.t.memberships, lambda m: m.user_id == user_id)


@dataclass(eq=False)
class FakeRefreshTokenRepository(repositories.RefreshTokenRepository):
    t: Tables

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        return _first(self.t.refresh_tokens.values(), lambda r: r.token_hash == token_hash)

    async def add(self, token: RefreshToken) -> None:
        self.t.refresh_tokens[token.id] = token

    async def revoke_family(self, family_id: str, now: datetime) -> None:
        for token in self.t.refresh_tokens.values():
            if token.family_id == family_id:
                token.revoke(now)

    async def delete_for_user(self, user_id: str) -> None:
        self.t.refresh_tokens = _without(self.t.refresh_tokens, lambda r: r.user_id == user_id)


@dataclass(eq=False)
class FakeApiKeyRepository(repositories.ApiKeyRepository):
    t: Tables

    async def get(self, key_id: str) -> ApiKey | None:
        return self.t.api_keys.get(key_id)

    async def get_by_prefix(self, prefix: str) -> ApiKey | None:
        return _first(self.t.api_keys.values(), lambda k: k.prefix == prefix)

    async def list_for_user(self, user_id: str, limit: int, after: str | None) -> list[ApiKey]:
        mine = sorted(
            (k for k in self.t.api_keys.values() if k.user_id == user_id),
            key=lambda k: (k.created_at, k.id),
        )
        start = next((i + 1 for i, k in enumerate(mine) if k.id == after), 0)
        return mine[start : start + limit]

    async def add(self, key: ApiKey) -> None:
        if await self.get_by_prefix(key.prefix) is not None:
            raise Conflict("prefix taken")
        self.t.api_keys[key.id] = key

    async def delete_for_project(self, project_id: str) -> None:
        self.t.api_keys = _without(self.t.api_keys, lambda k: k.project_id == project_id)

    async def delete_for_user(self, user_id: str) -> None:
        self.t.api_keys = _without(self.t.api_keys, lambda k: k.user_id == user_id)


@dataclass(eq=False)
class FakeLoginThrottleRepository(repositories.LoginThrottleRepository):
    t: Tables

    async def get(self, throttle_id: str, *, lock: bool = True) -> LoginThrottle | None:
        return self.t.throttles.get(throttle_id)

    async def add(self, throttle: LoginThrottle) -> None:
        self.t.throttles.setdefault(throttle.id, throttle)

    async def delete(self, throttle: LoginThrottle) -> None:
        del self.t.throttles[throttle.id]

    async def list_locked_out(
        self, now: datetime, limit: int, after: tuple[str, str] | None
    ) -> list[LoginThrottle]:
        rows = sorted(
            (t for t in self.t.throttles.values() if t.is_locked_out(now)),
            key=lambda t: (t.username, t.address),
        )
        return [t for t in rows if after is None or (t.username, t.address) > after][:limit]

    async def forget(self, now: datetime, keep: int) -> int:
        before = len(self.t.throttles)
        kept = sorted(
            (t for t in self.t.throttles.values() if not t.is_forgotten(now)),
            key=lambda t: t.forget_at,
        )
        self.t.throttles = {t.id: t for t in kept[max(0, len(kept) - keep) :]}
        return before - len(self.t.throttles)


@dataclass(eq=False)
class FakeSigningKeyRepository(repositories.SigningKeyRepository):
    t: Tables

    async def list_all(self) -> list[SigningKey]:
        keys = self.t.signing_keys.values()
        return sorted(keys, key=lambda k: (k.created_at, k.kid), reverse=True)

    async def add(self, key: SigningKey) -> None:
        self.t.signing_keys[key.kid] = key

    async def delete(self, kid: str) -> None:
        self.t.signing_keys.pop(kid, None)
