"""Projects and their members: creation by admins, management by owners and admins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flowloom.authorization.application.access import (
    Actor,
    actor_project_access,
    acts_as_admin,
    load_actor,
    require_admin,
    require_manage_members,
)
from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.application.revocation import revoke_tokens
from flowloom.authorization.application.views import (
    MemberView,
    Page,
    ProjectView,
    check_limit,
    page_of,
)
from flowloom.authorization.domain.errors import Conflict, NotFound
from flowloom.authorization.domain.events import ProjectDeleted, RevocationReason
from flowloom.authorization.domain.model import (
    Membership,
    Project,
    Role,
    User,
    ensure_owner_remains,
    validate_project_name,
)
from flowloom.authorization.domain.ports import Clock, Ids, UnitOfWork


@dataclass(eq=False)
class ProjectService:
    """Project lifecycle and membership; non-members get NotFound, never a hint.

    Removing a member, changing a member's role or deleting the project revokes the access
    tokens issued so far for that project (to that member), in every service.
    """

    uow: Callable[[], UnitOfWork]
    clock: Clock
    ids: Ids
    policy: AuthPolicy = field(default_factory=AuthPolicy)

    async def create(self, actor: Actor, name: str) -> ProjectView:
        """Admins only; the creator becomes the project's owner."""
        async with self.uow() as uow:
            user = await require_admin(uow, actor)
            project = Project.create(id=self.ids.new_id(), name=name, now=self.clock.now())
            await self._ensure_name_free(uow, project.name)
            await uow.projects.add(project)
            await uow.memberships.add(Membership(project.id, user.id, Role.OWNER))
            await uow.commit()
        return ProjectView.of(project, role=Role.OWNER)

    async def get(self, actor: Actor, project_id: str) -> ProjectView:
        async with self.uow() as uow:
            access = await actor_project_access(uow, actor, project_id)
        return ProjectView.of(access.project, role=access.role)

    async def list_projects(
        self, actor: Actor, limit: int = 50, after: str | None = None
    ) -> Page[ProjectView]:
        """Every project for admins, one's own projects for others; the cursor is a name."""
        async with self.uow() as uow:
            user = await load_actor(uow, actor)
            member_id = None if acts_as_admin(actor, user) else user.id
            rows = await uow.projects.list_page(check_limit(limit) + 1, after, member_id)
            roles = {m.project_id: m.role for m in await uow.memberships.list_for_user(user.id)}
        page = page_of(rows, limit, lambda project: project.name)
        views = [ProjectView.of(project, role=roles.get(project.id)) for project in page.items]
        return Page(views, page.next_cursor)

    async def rename(self, actor: Actor, project_id: str, name: str) -> ProjectView:
        """Owners and admins; Conflict when another project has the name."""
        async with self.uow() as uow:
            access = await actor_project_access(uow, actor, project_id)
            access.require_manage_project()
            new_name = validate_project_name(name)
            if new_name != access.project.name:
                await self._ensure_name_free(uow, new_name)
            access.project.rename(new_name)
            await uow.commit()
        return ProjectView.of(access.project, role=access.role)

    async def delete(self, actor: Actor, project_id: str) -> None:
        """Owners and admins; emits ProjectDeleted so other services drop their data, and
        revokes every token issued for the project."""
        now = self.clock.now()
        async with self.uow() as uow:
            access = await actor_project_access(uow, actor, project_id)
            access.require_manage_project()
            await uow.memberships.delete_for_project(project_id)
            await uow.api_keys.delete_for_project(project_id)
            await uow.projects.delete(access.project)
            uow.emit(ProjectDeleted(project_id=project_id, occurred_at=now))
            reason = RevocationReason.PROJECT_DELETED
            revoke_tokens(uow, reason, now, self.policy, project_id=project_id)
            await uow.commit()

    async def add_member(
        self, actor: Actor, project_id: str, username: str, role: Role
    ) -> MemberView:
        """Owners and admins; NotFound for an unknown user, Conflict if already a member."""
        async with self.uow() as uow:
            await require_manage_members(uow, actor, project_id)
            user = await uow.users.get_by_username(username.strip().lower())
            if user is None:
                raise NotFound("user not found")
            if await uow.memberships.get(project_id, user.id) is not None:
                raise Conflict(f"{user.username} is already a member of this project")
            await uow.memberships.add(Membership(project_id, user.id, role))
            await uow.commit()
        return MemberView(user.id, user.username, user.full_name, role)

    async def change_member_role(
        self, actor: Actor, project_id: str, user_id: str, role: Role
    ) -> MemberView:
        """Owners and admins; demoting the last owner is a Conflict."""
        async with self.uow() as uow:
            await require_manage_members(uow, actor, project_id)
            membership, user = await self._member(uow, project_id, user_id)
            previous = membership.role
            membership.change_role(role, await uow.memberships.count_owners(project_id))
            if role is not previous:
                # Tokens carry the role: the old ones must not keep a power that was taken.
                self._revoke_member(uow, RevocationReason.MEMBERSHIP_ROLE_CHANGED, membership)
            await uow.commit()
        return MemberView(user.id, user.username, user.full_name, role)

    async def remove_member(self, actor: Actor, project_id: str, user_id: str) -> None:
        """Owners and admins; removing the last owner is a Conflict."""
        async with self.uow() as uow:
            await require_manage_members(uow, actor, project_id)
            membership, _ = await self._member(uow, project_id, user_id)
            owners = await uow.memberships.count_owners(project_id)
            ensure_owner_remains(membership, owners, new_role=None)
            await uow.memberships.delete(membership)
            self._revoke_member(uow, RevocationReason.MEMBERSHIP_REMOVED, membership)
            await uow.commit()

    async def list_members(
        self, actor: Actor, project_id: str, limit: int = 50, after: str | None = None
    ) -> Page[MemberView]:
        """Any member and admins; ordered by user id, the cursor is a user id."""
        async with self.uow() as uow:
            await actor_project_access(uow, actor, project_id)
            rows = await uow.memberships.list_for_project(project_id, check_limit(limit) + 1, after)
            page = page_of(rows, limit, lambda membership: membership.user_id)
            users = {u.id: u for u in await uow.users.get_many([m.user_id for m in page.items])}
        views = [
            MemberView(m.user_id, users[m.user_id].username, users[m.user_id].full_name, m.role)
            for m in page.items
            if m.user_id in users
        ]
        return Page(views, page.next_cursor)

    def _revoke_member(
        self, uow: UnitOfWork, reason: RevocationReason, membership: Membership
    ) -> None:
        revoke_tokens(
            uow,
            reason,
            self.clock.now(),
            self.policy,
            user_id=membership.user_id,
            project_id=membership.project_id,
        )

    async def _ensure_name_free(self, uow: UnitOfWork, name: str) -> None:
        if await uow.projects.get_by_name(name) is not None:
            raise Conflict(f"a project named {name!r} already exists")

    async def _member(
        self, uow: UnitOfWork, project_id: str, user_id: str
    ) -> tuple[Membership, User]:
        membership = await uow.memberships.get(project_id, user_id)
        user = await uow.users.get(user_id)
        if membership is None or user is None:
            raise NotFound("member not found")
        return membership, user
