"""`users` (platform admins): list, create, show, update, delete; `password` for oneself."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from flowloom_sdk.api.authorization_sessions import authorization_change_password
from flowloom_sdk.api.authorization_users import (
    authorization_create_user,
    authorization_delete_user,
    authorization_list_users,
    authorization_update_user,
)
from flowloom_sdk.models import ChangePasswordRequest, NewUserRequest, UserChangesRequest, UserOut
from flowloom_sdk.types import UNSET

from flowloom.cli.auth import read_secret
from flowloom.cli.errors import CliError
from flowloom.cli.output import JsonOption, done, print_fields, print_json, print_table
from flowloom.cli.session import Session

app = typer.Typer(help="User accounts (platform admins only).", no_args_is_help=True)
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from stdin.")
]


def find_user(session: Session, username: str) -> UserOut:
    for user in session.pages(authorization_list_users.sync_detailed):
        if username in (user.username, user.id):
            return user  # type: ignore[no-any-return]
    raise CliError(f"no user named {username!r}: see `flowloom users list`")


@app.command("list")
def list_users(json: JsonOption = False) -> None:
    """Every user, by username."""
    users = list(Session.load().pages(authorization_list_users.sync_detailed))
    if json:
        print_json(users)
        return
    rows = [(u.username, u.full_name, u.email, u.is_admin, u.active, u.id) for u in users]
    print_table(["username", "full name", "email", "admin", "active", "id"], rows)


@app.command()
def create(
    username: str,
    password_stdin: PasswordStdin = False,
    full_name: Annotated[str, typer.Option(help="Shown in the web UI.")] = "",
    email: Annotated[str | None, typer.Option()] = None,
    admin: Annotated[bool, typer.Option("--admin", help="A platform admin.")] = False,
    json: JsonOption = False,
) -> None:
    """Create a user (the password at least 8 characters)."""
    session = Session.load()
    body = NewUserRequest(
        username=username,
        password=read_secret("password", password_stdin),
        full_name=full_name,
        email=email,
        is_admin=admin,
    )
    user = session.get(authorization_create_user.sync_detailed, UserOut, body=body)
    if json:
        print_json(user)
    else:
        done(f"Created user {user.username} ({user.id}).")


@app.command()
def show(username: str, json: JsonOption = False) -> None:
    """One user."""
    user = find_user(Session.load(), username)
    if json:
        print_json(user)
        return
    print_fields(
        [
            ("username", user.username),
            ("id", user.id),
            ("full name", user.full_name),
            ("email", user.email),
            ("admin", user.is_admin),
            ("active", user.active),
            ("created", user.created_at),
        ]
    )


@app.command()
def update(
    username: str,
    full_name: Annotated[str | None, typer.Option()] = None,
    email: Annotated[str | None, typer.Option(help="An empty string clears it.")] = None,
    admin: Annotated[bool | None, typer.Option("--admin/--no-admin")] = None,
    active: Annotated[bool | None, typer.Option("--active/--inactive")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Change a user: only the options given change; a new password ends their sessions."""
    session = Session.load()
    user = find_user(session, username)
    body = UserChangesRequest(
        full_name=UNSET if full_name is None else full_name,
        email=UNSET if email is None else (email or None),
        is_admin=UNSET if admin is None else admin,
        active=UNSET if active is None else active,
        password=read_secret("new password", True) if password_stdin else UNSET,
    )
    session.get(authorization_update_user.sync_detailed, UserOut, user_id=user.id, body=body)
    done(f"Updated user {user.username}.")


@app.command()
def delete(username: str) -> None:
    """Delete a user (not yourself, not the last admin or the last owner of a project)."""
    session = Session.load()
    user = find_user(session, username)
    session.call(authorization_delete_user.sync_detailed, user_id=user.id)
    done(f"Deleted user {user.username}.")


def password() -> None:
    """Change your password: two lines on stdin (current, then new), or prompts."""
    session = Session.load()
    if sys.stdin.isatty():
        old = typer.prompt("Current password", hide_input=True)
        new = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    else:
        old, new = sys.stdin.readline().rstrip("\r\n"), sys.stdin.readline().rstrip("\r\n")
    body = ChangePasswordRequest(old_password=old, new_password=new)
    session.call(authorization_change_password.sync_detailed, body=body)
    done("Password changed; your other sessions are ended.")
