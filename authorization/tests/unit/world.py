"""A test world: fakes wired into every service, plus helpers that seed committed data."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flowloom.authorization.application.access import Actor
from flowloom.authorization.application.api_keys import ApiKeyService
from flowloom.authorization.application.authentication import AuthenticationService
from flowloom.authorization.application.bootstrap import BootstrapService
from flowloom.authorization.application.lockouts import LockoutService
from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.application.projects import ProjectService
from flowloom.authorization.application.signing_keys import SigningKeyService
from flowloom.authorization.application.users import UserService
from flowloom.authorization.application.views import TokenPair
from flowloom.authorization.domain.events import RevocationReason, TokensRevoked
from flowloom.authorization.domain.model import Membership, Project, Role, User

from .fake_repositories import Tables
from .fakes import (
    FakeClock,
    FakeDatabase,
    FakeIds,
    FakeKeyGenerator,
    FakePasswordHasher,
    FakeTokenSigner,
    FakeUnitOfWork,
)

PASSWORD = "correct horse"
# The client address of a login when the test does not care where it comes from.
HOME = "192.0.2.1"


@dataclass
class World:
    db: FakeDatabase = field(default_factory=FakeDatabase)
    clock: FakeClock = field(default_factory=FakeClock)
    ids: FakeIds = field(default_factory=FakeIds)
    hasher: FakePasswordHasher = field(default_factory=FakePasswordHasher)
    signer: FakeTokenSigner = field(default_factory=FakeTokenSigner)
    policy: AuthPolicy = field(default_factory=AuthPolicy)
    uow_type: type[FakeUnitOfWork] = FakeUnitOfWork

    def uow(self) -> FakeUnitOfWork:
        return self.uow_type(self.db)

    @property
    def tables(self) -> Tables:
        return self.db.tables

    def auth(self) -> AuthenticationService:
        return AuthenticationService(
            self.uow, self.hasher, self.clock, self.ids, self.signer, self.policy
        )

    async def login(
        self,
        username: str,
        password: str,
        project_id: str | None = None,
        *,
        address: str = HOME,
    ) -> TokenPair:
        return await self.auth().login(username, password, project_id, address=address)

    def users(self) -> UserService:
        return UserService(self.uow, self.hasher, self.clock, self.ids, self.policy)

    def projects(self) -> ProjectService:
        return ProjectService(self.uow, self.clock, self.ids, self.policy)

    def api_keys(self) -> ApiKeyService:
        return ApiKeyService(self.uow, self.clock, self.ids, self.policy)

    def lockouts(self) -> LockoutService:
        return LockoutService(self.uow, self.clock)

    def signing_keys(self) -> SigningKeyService:
        return SigningKeyService(self.uow, FakeKeyGenerator(), self.clock, self.ids, self.policy)

    def bootstrap(self) -> BootstrapService:
        return BootstrapService(self.uow, self.hasher, self.clock, self.ids)

    def user(
        self,
        username: str,
        *,
        is_admin: bool = False,
        active: bool = True,
        password_hash: str = f"hashed${PASSWORD}",
    ) -> User:
        user = User.register(
            id=f"u-{username}",
            username=username,
            password_hash=password_hash,
            now=self.clock.now(),
            is_admin=is_admin,
        )
        user.active = active
        self.tables.users[user.id] = user
        return user

    def project(self, name: str, **members: tuple[User, Role] | User) -> Project:
        """A project; ``members`` maps any label to (user, role), or to a user as owner."""
        project = Project.create(id=f"p-{name}", name=name, now=self.clock.now())
        self.tables.projects[project.id] = project
        for member in members.values():
            user, role = member if isinstance(member, tuple) else (member, Role.OWNER)
            self.join(project, user, role)
        return project

    def join(self, project: Project, user: User, role: Role) -> None:
        self.tables.memberships[(project.id, user.id)] = Membership(project.id, user.id, role)

    def revocations(self) -> list[TokensRevoked]:
        """The token revocations published so far, oldest first."""
        return [event for event in self.db.published if isinstance(event, TokensRevoked)]

    def revocation(self, reason: RevocationReason, **scope: str) -> TokensRevoked:
        """What a revocation emitted now must look like (its event id blank, see without_id)."""
        now = self.clock.now()
        return TokensRevoked(
            event_id="", occurred_at=now, reason=reason, issued_before=now,
            expires_at=now + self.policy.access_token_ttl, **scope,
        )  # fmt: skip


def without_id(events: list[TokensRevoked]) -> list[TokensRevoked]:
    """Events compared by content (each has a random id)."""
    return [replace(event, event_id="") for event in events]


def actor(user: User, project: Project | None = None, role: Role | None = None) -> Actor:
    """The actor a fresh token of ``user`` would describe."""
    return Actor(user.id, user.is_admin, project.id if project else None, role)
