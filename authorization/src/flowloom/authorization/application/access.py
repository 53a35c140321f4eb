"""Who is calling and what they may do: the authorization checks shared by the use cases."""

from __future__ import annotations

from dataclasses import dataclass

from flowloom.authorization.domain.errors import Forbidden, InvalidToken, NotFound
from flowloom.authorization.domain.model import Project, Role, User
from flowloom.authorization.domain.ports import UnitOfWork


@dataclass(frozen=True)
class Actor:
    """The caller, as told by a verified access token.

    The token may be up to one access-token lifetime old, so this service re-checks the user
    against its own data: a deactivated user or a demoted admin loses their power at once.
    ``is_admin`` still bounds admin power, so a token without the flag never acts as admin.
    """

    user_id: str
    is_admin: bool = False
    project_id: str | None = None
    role: Role | None = None


@dataclass(frozen=True)
class ProjectAccess:
    """A caller's standing in one project they may see."""

    project: Project
    user: User
    role: Role | None
    is_admin: bool

    def require_manage_members(self) -> None:
        if not (self.is_admin or (self.role is not None and self.role.can_manage_members)):
            raise Forbidden("only the project's owners or an admin may manage its members")

    def require_manage_project(self) -> None:
        if not (self.is_admin or (self.role is not None and self.role.can_manage_project)):
            raise Forbidden("only the project's owners or an admin may change the project")


async def load_actor(uow: UnitOfWork, actor: Actor) -> User:
    """The caller's user; a deleted or deactivated user holds a token that no longer counts."""
    user = await uow.users.get(actor.user_id)
    if user is None or not user.active:
        raise InvalidToken()
    return user


def acts_as_admin(actor: Actor, user: User) -> bool:
    return actor.is_admin and user.is_admin


async def require_admin(uow: UnitOfWork, actor: Actor) -> User:
    user = await load_actor(uow, actor)
    if not acts_as_admin(actor, user):
        raise Forbidden("only platform admins may do this")
    return user


async def project_access(
    uow: UnitOfWork, user: User, project_id: str, *, is_admin: bool
) -> ProjectAccess:
    """The user's access to a project; NotFound unless they are a member or an admin."""
    project = await uow.projects.get(project_id)
    membership = await uow.memberships.get(project_id, user.id) if project else None
    # Members of other projects get the same answer as for a missing project: no leak.
    if project is None or (membership is None and not is_admin):
        raise NotFound("project not found")
    role = membership.role if membership else None
    return ProjectAccess(project=project, user=user, role=role, is_admin=is_admin)


async def actor_project_access(uow: UnitOfWork, actor: Actor, project_id: str) -> ProjectAccess:
    user = await load_actor(uow, actor)
    return await project_access(uow, user, project_id, is_admin=acts_as_admin(actor, user))


async def require_manage_members(uow: UnitOfWork, actor: Actor, project_id: str) -> None:
    """NotFound unless the caller sees the project, Forbidden unless they manage its members."""
    access = await actor_project_access(uow, actor, project_id)
    access.require_manage_members()
