"""`login`, `logout`, `whoami`: the session stored in the configuration file."""

from __future__ import annotations

import contextlib
import sys
from typing import Annotated

import typer
from flowloom_sdk.api.authorization_sessions import (
    authorization_exchange_api_key,
    authorization_login,
    authorization_logout,
    authorization_me,
)
from flowloom_sdk.models import (
    ApiKeyExchangeRequest,
    LoginRequest,
    MeOut,
    RefreshRequest,
    TokenResponse,
)

from flowloom.cli import config as config_file
from flowloom.cli.config import Config
from flowloom.cli.errors import CliError
from flowloom.cli.output import (
    Id,
    JsonOption,
    WideOption,
    done,
    print_fields,
    print_json,
    print_table,
)
from flowloom.cli.projects import switch_project
from flowloom.cli.session import Session, anonymous, attempt, expect, send, store_tokens


def read_secret(what: str, from_stdin: bool) -> str:
    """The first line of stdin (`--…-stdin`), else a hidden prompt."""
    if from_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
    else:
        value = typer.prompt(what.capitalize(), hide_input=True)
    if not value:
        raise CliError(f"no {what} given")
    return value


def login(
    url: Annotated[
        str | None, typer.Argument(help="The server, e.g. http://127.0.0.1:8080.")
    ] = None,
    username: Annotated[
        str | None, typer.Option("--username", "-u", help="Default: admin.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    api_key_stdin: Annotated[
        bool, typer.Option("--api-key-stdin", help="Log in with an API key read from stdin.")
    ] = False,
    project: Annotated[str | None, typer.Option(help="Then use this project.")] = None,
) -> None:
    """Log in and keep the server URL and tokens in the configuration file."""
    previous = _previous()
    url = url or (previous.url if previous else None)
    if not url:
        raise CliError("give the server URL: flowloom login URL")
    if not url.startswith(("http://", "https://")):
        raise CliError(f"not an http(s) URL: {url}")
    url = url.rstrip("/")
    if api_key_stdin:
        if password_stdin or username:
            raise typer.BadParameter("--api-key-stdin goes without --username/--password-stdin")
        key = read_secret("API key", True)
        config = Config(url=url, api_key=key)
        exchange = ApiKeyExchangeRequest(api_key=key)
        operation = authorization_exchange_api_key.sync_detailed
        response = send(url, operation, client=anonymous(url), body=exchange)
        store_tokens(config, expect(response, TokenResponse))
    else:
        username = username or (previous.username if previous and previous.url == url else None)
        config = Config(url=url, username=username or "admin")
        secret = read_secret("password", password_stdin)
        body = LoginRequest(username=str(config.username), password=secret)
        response = send(url, authorization_login.sync_detailed, client=anonymous(url), body=body)
        store_tokens(config, expect(response, TokenResponse))
    path = config_file.save(config)
    if project:
        switch_project(Session(config), project)
    who = f" as {config.username}" if config.username else " with an API key"
    where = f", project {config.project_name}" if config.project_name else ""
    done(f"Logged in to {url}{who}{where} (saved in {path}).")


def _previous() -> Config | None:
    """The configuration so far; a broken one is simply replaced."""
    try:
        return config_file.load()
    except CliError:
        return None


def logout() -> None:
    """Revoke the refresh token and forget the tokens (the server URL stays)."""
    config = config_file.load()
    if config is None or config.access_token is None:
        done("Not logged in.")
        return
    if config.refresh_token:
        body = RefreshRequest(refresh_token=config.refresh_token)
        # The tokens are forgotten even when the server cannot be told.
        with contextlib.suppress(CliError):
            attempt(
                config.url,
                authorization_logout.sync_detailed,
                client=anonymous(config.url),
                body=body,
            )
    config_file.save(Config(url=config.url, username=config.username))
    done(f"Logged out of {config.url}.")


def whoami(json: JsonOption = False, wide: WideOption = False) -> None:
    """Who the token belongs to, its project and role, and the user's projects."""
    session = Session.load()
    me = session.get(authorization_me.sync_detailed, MeOut)
    if json:
        print_json({"url": session.url, **me.to_dict()})
        return
    current = next((m for m in me.memberships if m.project_id == me.project_id), None)
    print_fields(
        [
            ("server", session.url),
            ("user", me.user.username + (" (admin)" if me.user.is_admin else "")),
            ("project", current.project_name if current else me.project_id or "none"),
            ("role", me.role),
        ]
    )
    if me.memberships:
        rows = [(m.project_name, m.role, Id(m.project_id)) for m in me.memberships]
        print_table(["project", "role", "id"], rows, wide=wide)
