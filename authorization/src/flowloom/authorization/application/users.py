"""User administration by platform admins, and each user's own profile and password."""

from __future__ import annotations

from collections.abc import Callable

from flowloom.authorization.application.access import (
    Actor,
    acts_as_admin,
    load_actor,
    require_admin,
)
from flowloom.authorization.application.commands import UNCHANGED, NewUser, UserChanges
from flowloom.authorization.application.views import (
    MembershipView,
    Page,
    Profile,
    UserView,
    check_limit,
    page_of,
)
from flowloom.authorization.domain.errors import Conflict, InvalidCredentials, NotFound
from flowloom.authorization.domain.model import (
    Role,
    User,
    ensure_admin_remains,
    validate_password,
)
from flowloom.authorization.domain.ports import Clock, PasswordHasher, SecretGenerator, UnitOfWork


class UserService:
    """Create, change, list and delete users; ``me`` and ``change_password`` for oneself."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        hasher: PasswordHasher,
        clock: Clock,
        secrets: SecretGenerator,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._secrets = secrets

    async def create(self, actor: Actor, new: NewUser) -> UserView:
        """Admins only; Conflict when the username is taken."""
        validate_password(new.password)
        async with self._uow() as uow:
            await require_admin(uow, actor)
            if await uow.users.get_by_username(new.username) is not None:
                raise Conflict(f"username {new.username!r} is taken")
            password_hash = await self._hasher.hash(new.password)
            user = User.register(
                id=self._secrets.uuid(),
                username=new.username,
                password_hash=password_hash,
                now=self._clock.now(),
                full_name=new.full_name,
                email=new.email,
                is_admin=new.is_admin,
            )
            await uow.users.add(user)
            await uow.commit()
        return UserView.of(user)

    async def get(self, actor: Actor, user_id: str) -> UserView:
        """Admins see anyone, other users only themselves (NotFound otherwise)."""
        async with self._uow() as uow:
            me = await load_actor(uow, actor)
            user = await uow.users.get(user_id)
            if user is None or (user.id != me.id and not acts_as_admin(actor, me)):
                raise NotFound("user not found")
        return UserView.of(user)

    async def list_users(
        self, actor: Actor, limit: int = 50, after: str | None = None
    ) -> Page[UserView]:
        """Admins only; ordered by username, the cursor is a username."""
        async with self._uow() as uow:
            await require_admin(uow, actor)
            users = await uow.users.list_page(check_limit(limit) + 1, after)
        page = page_of(users, limit, lambda user: user.username)
        return Page([UserView.of(user) for user in page.items], page.next_cursor)

    async def update(self, actor: Actor, user_id: str, changes: UserChanges) -> UserView:
        """Admins only; the last active admin can be neither demoted nor deactivated."""
        if changes.password is not None:
            validate_password(changes.password)
        async with self._uow() as uow:
            await require_admin(uow, actor)
            user = await self._get(uow, user_id)
            if changes.full_name is not None:
                user.change_full_name(changes.full_name)
            if changes.email is not UNCHANGED:
                user.change_email(changes.email)
            if changes.is_admin is not None or changes.active is not None:
                user.change_access(
                    is_admin=user.is_admin if changes.is_admin is None else changes.is_admin,
                    active=user.active if changes.active is None else changes.active,
                    active_admins=await uow.users.count_active_admins(),
                )
            if changes.password is not None:
                await self._set_password(uow, user, changes.password)
            await uow.commit()
        return UserView.of(user)

    async def delete(self, actor: Actor, user_id: str) -> None:
        """Admins only; never oneself, the last active admin or a project's last owner."""
        async with self._uow() as uow:
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
            await uow.refresh_tokens.delete_for_user(user.id)
            await uow.users.delete(user)
            await uow.commit()

    async def change_password(self, actor: Actor, old_password: str, new_password: str) -> None:
        """Needs the current password; ends every session of the user (refresh tokens)."""
        validate_password(new_password, "new_password")
        async with self._uow() as uow:
            user = await load_actor(uow, actor)
            if not await self._hasher.verify(user.password_hash, old_password):
                raise InvalidCredentials("the current password is wrong")
            await self._set_password(uow, user, new_password)
            await uow.commit()

    async def me(self, actor: Actor) -> Profile:
        """The caller, their memberships by project name and their current project."""
        async with self._uow() as uow:
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

    async def _set_password(self, uow: UnitOfWork, user: User, password: str) -> None:
        user.password_hash = await self._hasher.hash(password)
        # A new password means the old one may be known: end every session it opened.
        await uow.refresh_tokens.delete_for_user(user.id)
