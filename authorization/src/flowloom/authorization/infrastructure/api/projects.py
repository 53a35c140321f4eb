"""Projects (the tenants) and their members."""

from __future__ import annotations

from fastapi import APIRouter, Response

from flowloom.authorization.infrastructure.api import schemas
from flowloom.authorization.infrastructure.api.answers import MANAGE, NOT_FOUND
from flowloom.authorization.infrastructure.api.deps import CurrentActor, Cursor, Limit, Projects

router = APIRouter(prefix="/api/authorization/projects", tags=["projects"])


@router.get("", summary="List projects", description="Yours; every project for an admin.")
async def list_projects(
    actor: CurrentActor, projects: Projects, limit: Limit = 50, cursor: Cursor = None
) -> schemas.Page[schemas.ProjectOut]:
    page = await projects.list_projects(actor, limit, cursor)
    return schemas.Page[schemas.ProjectOut].model_validate(page)


@router.post(
    "",
    status_code=201,
    summary="Create a project",
    description="Admins only; the creator becomes its owner.",
    responses=MANAGE,
)
async def create_project(
    body: schemas.ProjectRequest, actor: CurrentActor, projects: Projects
) -> schemas.ProjectOut:
    return schemas.ProjectOut.model_validate(await projects.create(actor, body.name))


@router.get("/{project_id}", summary="Show a project", description="Members and admins.")
async def get_project(
    project_id: str, actor: CurrentActor, projects: Projects
) -> schemas.ProjectOut:
    return schemas.ProjectOut.model_validate(await projects.get(actor, project_id))


@router.patch(
    "/{project_id}", summary="Rename a project", description="Owners and admins.", responses=MANAGE
)
async def rename_project(
    project_id: str, body: schemas.ProjectRequest, actor: CurrentActor, projects: Projects
) -> schemas.ProjectOut:
    return schemas.ProjectOut.model_validate(await projects.rename(actor, project_id, body.name))


@router.delete(
    "/{project_id}",
    status_code=204,
    summary="Delete a project",
    description="Owners and admins. Emits `ProjectDeleted`: every service removes its data; "
    "every access token issued for the project is refused by every service within seconds.",
    responses=MANAGE,
)
async def delete_project(project_id: str, actor: CurrentActor, projects: Projects) -> Response:
    await projects.delete(actor, project_id)
    return Response(status_code=204)


@router.get("/{project_id}/members", summary="List members", description="Members and admins.")
async def list_members(
    project_id: str,
    actor: CurrentActor,
    projects: Projects,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> schemas.Page[schemas.MemberOut]:
    page = await projects.list_members(actor, project_id, limit, cursor)
    return schemas.Page[schemas.MemberOut].model_validate(page)


@router.post(
    "/{project_id}/members",
    status_code=201,
    summary="Add a member",
    description="Owners and admins. Roles: owner, developer, operator, viewer.",
    responses={**MANAGE, **NOT_FOUND},
)
async def add_member(
    project_id: str, body: schemas.NewMemberRequest, actor: CurrentActor, projects: Projects
) -> schemas.MemberOut:
    member = await projects.add_member(actor, project_id, body.username, body.role)
    return schemas.MemberOut.model_validate(member)


@router.patch(
    "/{project_id}/members/{user_id}",
    summary="Change a member's role",
    description="Owners and admins; the last owner cannot be demoted (409). A new role "
    "revokes the member's access tokens for the project in every service within seconds "
    "(clients refresh to get the new role).",
    responses=MANAGE,
)
async def change_member_role(
    project_id: str,
    user_id: str,
    body: schemas.RoleRequest,
    actor: CurrentActor,
    projects: Projects,
) -> schemas.MemberOut:
    member = await projects.change_member_role(actor, project_id, user_id, body.role)
    return schemas.MemberOut.model_validate(member)


@router.delete(
    "/{project_id}/members/{user_id}",
    status_code=204,
    summary="Remove a member",
    description="Owners and admins; the last owner cannot be removed (409). The member's "
    "access tokens for the project are refused by every service within seconds.",
    responses=MANAGE,
)
async def remove_member(
    project_id: str, user_id: str, actor: CurrentActor, projects: Projects
) -> Response:
    await projects.remove_member(actor, project_id, user_id)
    return Response(status_code=204)
