"""Project variables (typed values) and secrets (write-only)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from flowloom.servicekit.web.pages import page_body
from flowloom.studio.domain.io import IoType
from flowloom.studio.infrastructure.api.deps import (
    PREFIX,
    CurrentCaller,
    Cursor,
    Editor,
    Limit,
    Variables,
)
from flowloom.studio.infrastructure.api.schemas import (
    SecretBody,
    SecretOut,
    SecretPage,
    VariableBody,
    VariableOut,
    VariablePage,
)

router = APIRouter(prefix=PREFIX, tags=["variables"])


@router.put(
    "/variables/{name}",
    summary="Set a variable",
    description="Create or replace; the value must be of the type. Workflows read it when a "
    "version is frozen (deploy).",
)
async def put_variable(
    name: str, body: VariableBody, caller: Editor, variables: Variables
) -> VariableOut:
    record = await variables.put_variable(
        caller.project_id, name, IoType.parse(body.type), body.value
    )
    return VariableOut.of(record)


@router.get("/variables", summary="List variables", description="By name, with their values.")
async def list_variables(
    caller: CurrentCaller, variables: Variables, limit: Limit = 50, cursor: Cursor = None
) -> VariablePage:
    page = await variables.variables(caller.project_id, limit, cursor)
    return page_body(VariablePage, page, VariableOut.of)


@router.delete(
    "/variables/{name}",
    status_code=204,
    summary="Delete a variable",
    description="Workflows using it then show an `unknown_variable` problem.",
)
async def delete_variable(name: str, caller: Editor, variables: Variables) -> Response:
    await variables.delete_variable(caller.project_id, name)
    return Response(status_code=204)


@router.put(
    "/secrets/{name}",
    summary="Set a secret",
    description="Create or replace. The value is sealed at rest and never answered.",
)
async def put_secret(
    name: str, body: SecretBody, caller: Editor, variables: Variables
) -> SecretOut:
    return SecretOut.of(await variables.put_secret(caller.project_id, name, body.value))


@router.get(
    "/secrets", summary="List secrets", description="Names and timestamps only, never values."
)
async def list_secrets(
    caller: CurrentCaller, variables: Variables, limit: Limit = 50, cursor: Cursor = None
) -> SecretPage:
    page = await variables.secrets(caller.project_id, limit, cursor)
    return page_body(SecretPage, page, SecretOut.of)


@router.delete(
    "/secrets/{name}",
    status_code=204,
    summary="Delete a secret",
    description="Workflows using it then show an `unknown_secret` problem.",
)
async def delete_secret(name: str, caller: Editor, variables: Variables) -> Response:
    await variables.delete_secret(caller.project_id, name)
    return Response(status_code=204)
