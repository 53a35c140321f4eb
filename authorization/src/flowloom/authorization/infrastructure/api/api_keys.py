"""API keys: long-lived credentials for scripts, exchanged for access tokens."""

from __future__ import annotations

from fastapi import APIRouter, Response

from flowloom.authorization.domain.errors import ValidationFailed
from flowloom.authorization.infrastructure.api import schemas
from flowloom.authorization.infrastructure.api.answers import NOT_FOUND
from flowloom.authorization.infrastructure.api.deps import ApiKeys, CurrentActor, Cursor, Limit

router = APIRouter(prefix="/api/authorization/api-keys", tags=["api-keys"])


@router.get("", summary="List my API keys", description="Never shows the secrets.")
async def list_api_keys(
    actor: CurrentActor, keys: ApiKeys, limit: Limit = 50, cursor: Cursor = None
) -> schemas.Page[schemas.ApiKeyOut]:
    return schemas.Page[schemas.ApiKeyOut].model_validate(
        await keys.list_keys(actor, limit, cursor)
    )


@router.post(
    "",
    status_code=201,
    summary="Create an API key",
    description="For a project you belong to; the secret is in the answer and never again.",
    responses=NOT_FOUND,
)
async def create_api_key(
    body: schemas.NewApiKeyRequest, actor: CurrentActor, keys: ApiKeys
) -> schemas.CreatedApiKeyOut:
    project_id = body.project_id or actor.project_id
    if project_id is None:
        raise ValidationFailed("project_id", "no project given and the token has none")
    created = await keys.create(actor, project_id, body.name, body.expires_at)
    return schemas.CreatedApiKeyOut.model_validate(created)


@router.delete(
    "/{key_id}",
    status_code=204,
    summary="Revoke an API key",
    description="Yours, or any (admin). The access tokens exchanged for the key are refused by "
    "every service within seconds.",
)
async def revoke_api_key(key_id: str, actor: CurrentActor, keys: ApiKeys) -> Response:
    await keys.revoke(actor, key_id)
    return Response(status_code=204)
