"""User administration (platform admins only)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from flowloom.authorization.application.users import UNCHANGED
from flowloom.authorization.infrastructure.api import schemas
from flowloom.authorization.infrastructure.api.answers import CONFLICT
from flowloom.authorization.infrastructure.api.deps import CurrentActor, Cursor, Limit, Users
from flowloom.servicekit.web.answers import FORBIDDEN

router = APIRouter(prefix="/api/authorization/users", tags=["users"], responses=FORBIDDEN)


@router.get("", summary="List users", description="Ordered by username. Admins only.")
async def list_users(
    actor: CurrentActor, users: Users, limit: Limit = 50, cursor: Cursor = None
) -> schemas.Page[schemas.UserOut]:
    page = await users.list_users(actor, limit, cursor)
    return schemas.Page[schemas.UserOut].model_validate(page)


@router.post(
    "",
    status_code=201,
    summary="Create a user",
    description="Admins only. A username already taken answers 409.",
    responses=CONFLICT,
)
async def create_user(
    body: schemas.NewUserRequest, actor: CurrentActor, users: Users
) -> schemas.UserOut:
    created = await users.create(
        actor,
        username=body.username,
        password=body.password,
        full_name=body.full_name,
        email=body.email,
        is_admin=body.is_admin,
    )
    return schemas.UserOut.model_validate(created)


@router.get("/{user_id}", summary="Show a user", description="Admins only.")
async def get_user(user_id: str, actor: CurrentActor, users: Users) -> schemas.UserOut:
    return schemas.UserOut.model_validate(await users.get(actor, user_id))


@router.patch(
    "/{user_id}",
    summary="Change a user",
    description="Only the fields sent change. Deactivating or demoting the last active admin "
    "is refused (409). Deactivating or setting a password ends the user's sessions (refresh "
    "tokens deleted, for good); deactivating, setting a password or removing admin rights "
    "makes every service refuse the access tokens issued to the user so far, within seconds.",
    responses=CONFLICT,
)
async def update_user(
    user_id: str, body: schemas.UserChangesRequest, actor: CurrentActor, users: Users
) -> schemas.UserOut:
    sent = body.model_fields_set
    updated = await users.update(
        actor,
        user_id,
        full_name=body.full_name,
        email=body.email if "email" in sent else UNCHANGED,
        is_admin=body.is_admin,
        active=body.active,
        password=body.password,
    )
    return schemas.UserOut.model_validate(updated)


@router.delete(
    "/{user_id}",
    status_code=204,
    summary="Delete a user",
    description="Not yourself, not the last admin, not the last owner of a project. The "
    "user's access tokens are refused by every service within seconds (409 when refused).",
    responses=CONFLICT,
)
async def delete_user(user_id: str, actor: CurrentActor, users: Users) -> Response:
    await users.delete(actor, user_id)
    return Response(status_code=204)
