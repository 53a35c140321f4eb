"""`api-keys`: long-lived credentials for scripts and CI, scoped to one project."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from flowloom_sdk.api.authorization_api_keys import (
    authorization_create_api_key,
    authorization_list_api_keys,
    authorization_revoke_api_key,
)
from flowloom_sdk.models import ApiKeyOut, CreatedApiKeyOut, NewApiKeyRequest
from flowloom_sdk.types import UNSET

from flowloom.cli.ids import resolve
from flowloom.cli.output import Id, JsonOption, WideOption, done, print_json, print_list
from flowloom.cli.session import Session

app = typer.Typer(help="API keys: exchanged for access tokens by scripts.", no_args_is_help=True)


@app.command()
def create(
    name: str,
    expires: Annotated[
        datetime | None, typer.Option(help="Expiry date (UTC when no offset); default never.")
    ] = None,
    json: JsonOption = False,
) -> None:
    """Create a key for the current project; the secret is printed this once only."""
    session = Session.load()
    if expires is not None and expires.tzinfo is None:
        expires = expires.astimezone()
    body = NewApiKeyRequest(name=name, expires_at=UNSET if expires is None else expires)
    created = session.get(authorization_create_api_key.sync_detailed, CreatedApiKeyOut, body=body)
    if json:
        print_json(created)
        return
    done(f"Created API key {created.key.name} ({created.key.id}). The secret, shown once:")
    done(created.api_key)


@app.command("list")
def list_keys(
    all_: Annotated[bool, typer.Option("--all", help="Also revoked keys.")] = False,
    json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """Your API keys (never their secrets)."""
    keys: list[ApiKeyOut] = list(Session.load().pages(authorization_list_api_keys.sync_detailed))
    keys = [key for key in keys if all_ or not key.revoked_at]
    columns = ["name", "id", "prefix", "project", "created", "expires", "last used", "revoked"]
    print_list(keys, json, columns, _key_row, wide=wide)


def _key_row(k: ApiKeyOut) -> tuple[Any, ...]:
    return (
        k.name,
        Id(k.id),
        k.prefix,
        Id(k.project_id),
        k.created_at,
        k.expires_at,
        k.last_used_at,
        k.revoked_at,
    )


@app.command()
def revoke(
    key: Annotated[str, typer.Argument(help="The key's name, id or id prefix.")],
) -> None:
    """Revoke a key: tokens already exchanged keep working until they expire."""
    session = Session.load()
    keys: list[ApiKeyOut] = list(session.pages(authorization_list_api_keys.sync_detailed))
    chosen: ApiKeyOut = resolve(
        key,
        [k for k in keys if not k.revoked_at],
        kind="API key",
        id_of=lambda k: str(k.id),
        names_of=lambda k: (k.name,),
        describe=lambda k: f"{k.name} ({k.id})",
        unknown=f"no active API key {key!r}: see `flowloom api-keys list`",
    )
    session.call(authorization_revoke_api_key.sync_detailed, key_id=chosen.id)
    done(f"Revoked API key {chosen.name} ({chosen.id}).")
