"""Login lockouts (platform admins only): list the ongoing ones, clear one."""

from __future__ import annotations

from fastapi import APIRouter, Response

from flowloom.authorization.infrastructure.api import schemas
from flowloom.authorization.infrastructure.api.deps import CurrentActor, Cursor, Limit, Lockouts
from flowloom.servicekit.web.answers import FORBIDDEN

router = APIRouter(prefix="/api/authorization/lockouts", tags=["lockouts"], responses=FORBIDDEN)


@router.get(
    "",
    summary="List login lockouts",
    description="Every ongoing lockout: a username and client address whose failed logins "
    "reached `LOCKOUT_THRESHOLD` (or an address that failed for any usernames "
    "`LOCKOUT_ADDRESS_THRESHOLD` times: `username` null), until it is forgotten "
    "(`LOCKOUT_FORGET_SECONDS` without failure nor lock) or cleared. Ordered by username, "
    "then address. Admins only.",
)
async def list_lockouts(
    actor: CurrentActor, lockouts: Lockouts, limit: Limit = 50, cursor: Cursor = None
) -> schemas.Page[schemas.LockoutOut]:
    page = await lockouts.list_lockouts(actor, limit, cursor)
    return schemas.Page[schemas.LockoutOut].model_validate(page)


@router.delete(
    "/{lockout_id}",
    status_code=204,
    summary="Clear a login lockout",
    description="Forgets its failures: the next login from that address is judged afresh. "
    "404 when there is no such ongoing lockout. Admins only.",
)
async def clear_lockout(lockout_id: str, actor: CurrentActor, lockouts: Lockouts) -> Response:
    await lockouts.clear(actor, lockout_id)
    return Response(status_code=204)
