"""User administration by platform admins, and each user's own profile and password."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from flowloom.authorization.application.access import (
    Actor,
    acts_as_admin,
    load_actor,
    require_admin,
)
from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.application.revocation import (
    end_sessions,
    replace_password,
    revoke_tokens,
)
from flowloom.authorization.application.views import (
    MembershipView,
    Page,
    Profile,
    UserView,
    check_limit,
    page_of,
)
from flowloom.authorization.domain.errors import Conflict, NotFound
from flowloom.authorization.domain.events import RevocationReason
from flowloom.authorization.domain.model import (
    Role,
    User,
    ensure_admin_remains,
    validate_password,
)
from flowloom.authorization.domain.ports import Clock, Ids, PasswordHasher, UnitOfWork


class Unchanged(Enum):
    """Marks a field of a partial update that the caller did not send."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(eq=False)
class UserService:
    """Create, change, list and delete users; ``me`` for oneself.

    Deactivating or deleting a user, removing their admin rights or setting their password
    revokes the access tokens issued to them so far, in every service (``TokensRevoked``).
    """

    uow: Callable[[], UnitOfWork]
    hasher: PasswordHasher
    clock: Clock
    ids: Ids
    policy: AuthPolicy = field(default_factory=AuthPolicy)

    async def create(
        self,
        actor: Actor,
        *,
        username: str,
        password: str,
        full_name: str = "",
        email: str | None = None,
        is_admin: bool = False,
    ) -> UserView:
        """Admins only; Conflict when the username is taken."""
        validate_password(password)
        async with self.uow() as uow:
            await require_admin(uow, actor)
            if await uow.users.get_by_username(username) is not None:
                raise Conflict(f"username {username!r} is taken")
            password_hash = await self.hasher.hash(password)
            user = User.register(
                id=self.ids.new_id(),
                username=username,
                password_hash=password_hash,
                now=self.clock.now(),
                full_name=full_name,
                email=email,
                is_admin=is_admin,
            )
            await uow.users.add(user)
            await uow.commit()
        return UserView.of(user)

    async def get(self, actor: Actor, user_id: str) -> UserView:
        """Admins see anyone, other users only themselves (NotFound otherwise)."""
        async with self.uow() as uow:
            me = await load_actor(uow, actor)
            user = await uow.users.get(user_id)
            if user is None or (user.id != me.id and not acts_as_admin(actor, me)):
                raise NotFound("user not found")
        return UserView.of(user)

    async def list_users(
        self, actor: Actor, limit: int = 50, after: str | None = None
    ) -> Page[UserView]:
        """Admins only; ordered by username, the cursor is a username."""
        async with self.uow() as uow:
            await require_admin(uow, actor)
            users = await uow.users.list_page(check_limit(limit) + 1, after)
        page = page_of(users, limit, lambda user: user.username)
        return Page([UserView.of(user) for user in page.items], page.next_cursor)

    async def update(
        self,
        actor: Actor,
        user_id: str,
        *,
        full_name: str | None = None,
        email: str | Unchanged | None = UNCHANGED,
        is_admin: bool | None = None,
        active: bool | None = None,
        password: str | None = None,
    ) -> UserView:
        """An admin's partial update: None (UNCHANGED for ``email``, where None clears the
        address) keeps the current value. Admins only; the last active admin can be neither
        demoted nor deactivated.

        Deactivating ends the user's sessions; dropping admin rights revokes the tokens that
        still say admin; a new password ends the sessions the old one opened.
        """
        if password is not None:
            validate_password(password)
        now = self.clock.now()
        async with self.uow() as uow:
            await require_admin(uow, actor)
            user = await self._get(uow, user_id)
            if full_name is not None:
                user.change_full_name(full_name)
            if not isinstance(email, Unchanged):
                user.change_email(email)
            if is_admin is not None or active is not None:
                await self._change_access(uow, user, is_admin, active, now)
            if password is not None:
                await replace_password(uow, self.hasher, user, password, now, self.policy)
            await uow.commit()
        return UserView.of(user)

    async def delete(self, actor: Actor, user_id: str) -> None:
        """Admins only; never oneself, the last active admin or a project's last owner."""
        async with self.uow() as uow:
            me = await require_admin(uow, actor)
            if user_id == me.id:
                raise Conflict("you cannot delete yourself")
            user = await self._get(uow, user_id)
            active_admins = await uow.users.count_active_admins()
            ensure_admin_remains(user, active_admins, stays_admin=False)
            for membership in await uow.memberships.list_for_user(user.id):
                if (
                    membership.role is Role.OWNER
                    and await uow.memberships.count_owners(membership.project_id) <= 1
                ):
                    raise Conflict("the user is the last owner of a project")
            await uow.memberships.delete_for_user(user.id)
            await uow.api_keys.delete_for_user(user.id)
            reason = RevocationReason.USER_DELETED
            await end_sessions(uow, user.id, reason, self.clock.now(), self.policy)
            await uow.users.delete(user)
            await uow.commit()

    async def me(self, actor: Actor) -> Profile:
        """The caller, their memberships by project name and their current project."""
        async with self.uow() as uow:
            user = await load_actor(uow, actor)
            roles = {m.project_id: m.role for m in await uow.memberships.list_for_user(user.id)}
            projects = await uow.projects.get_many(list(roles))
            current = await uow.projects.get(actor.project_id) if actor.project_id else None
        memberships = [
            MembershipView(project.id, project.name, roles[project.id])
            for project in sorted(projects, key=lambda project: project.name)
        ]
        # The token's project, unless the caller has lost access to it since.
        if current is None or not (current.id in roles or acts_as_admin(actor, user)):
            return Profile(UserView.of(user), memberships, None, None)
        return Profile(UserView.of(user), memberships, current.id, roles.get(current.id))

    async def _get(self, uow: UnitOfWork, user_id: str) -> User:
        user = await uow.users.get(user_id)
        if user is None:
            raise NotFound("user not found")
        return user

    async def _change_access(
        self,
        uow: UnitOfWork,
        user: User,
        is_admin: bool | None,
        active: bool | None,
        now: datetime,
    ) -> None:
        was_active, was_admin = user.active, user.is_admin
        user.change_access(
            is_admin=user.is_admin if is_admin is None else is_admin,
            active=user.active if active is None else active,
            active_admins=await uow.users.count_active_admins(),
        )
        if was_active and not user.active:
            # Ended for good: reactivating the user does not bring these sessions back.
            reason = RevocationReason.USER_DEACTIVATED
            await end_sessions(uow, user.id, reason, now, self.policy)
        elif was_admin and not user.is_admin:
            reason = RevocationReason.ADMIN_RIGHTS_REMOVED
            revoke_tokens(uow, reason, now, self.policy, user_id=user.id)
