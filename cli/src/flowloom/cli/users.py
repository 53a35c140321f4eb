"""`users` (platform admins): list, create, show, update, delete, lockouts, unlock; `password`
for oneself."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from flowloom_sdk.api.authorization_lockouts import (
    authorization_clear_lockout,
    authorization_list_lockouts,
)
from flowloom_sdk.api.authorization_sessions import authorization_change_password
from flowloom_sdk.api.authorization_users import (
    authorization_create_user,
    authorization_delete_user,
    authorization_list_users,
    authorization_update_user,
)
from flowloom_sdk.models import (
    ChangePasswordRequest,
    LockoutOut,
    NewUserRequest,
    TokenResponse,
    UserChangesRequest,
    UserOut,
)
from flowloom_sdk.types import UNSET

from flowloom.cli import config as config_file
from flowloom.cli.auth import read_secret
from flowloom.cli.errors import CliError
from flowloom.cli.ids import ambiguous, resolve_named
from flowloom.cli.output import (
    Id,
    JsonOption,
    WideOption,
    done,
    print_done,
    print_list,
    print_record,
)
from flowloom.cli.session import Session, store_tokens

app = typer.Typer(help="User accounts (platform admins only).", no_args_is_help=True)
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from stdin.")
]


def find_user(session: Session, username: str) -> UserOut:
    """By username, id or id prefix."""
    users: Iterator[UserOut] = session.pages(authorization_list_users.sync_detailed)
    return resolve_named(username, users, kind="user", listing="users", name="username")


@app.command("list")
def list_users(json: JsonOption = False, wide: WideOption = False) -> None:
    """Every user, by username."""
    users = list(Session.load().pages(authorization_list_users.sync_detailed))
    columns = ["username", "full name", "email", "admin", "active", "id"]
    row = lambda u: (u.username, u.full_name, u.email, u.is_admin, u.active, Id(u.id))  # noqa: E731
    print_list(users, json, columns, row, wide=wide)


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
    print_done(user, json, f"Created user {user.username} ({user.id}).")


@app.command()
def show(username: str, json: JsonOption = False) -> None:
    """One user."""
    user = find_user(Session.load(), username)
    print_record(
        user,
        json,
        [
            ("username", user.username),
            ("id", user.id),
            ("full name", user.full_name),
            ("email", user.email),
            ("admin", user.is_admin),
            ("active", user.active),
            ("created", user.created_at),
        ],
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


@app.command()
def lockouts(json: JsonOption = False, wide: WideOption = False) -> None:
    """Ongoing login lockouts: which username was tried from which address, until when
    (`(any)`: the address failed for many usernames)."""
    found: list[LockoutOut] = list(Session.load().pages(authorization_list_lockouts.sync_detailed))
    columns = ["username", "address", "failures", "locked until", "retry in (s)", "id"]
    print_list(found, json, columns, _lockout_row, wide=wide)


def _lockout_row(lockout: LockoutOut) -> tuple[Any, ...]:
    return (
        "(any)" if lockout.username is None else lockout.username,
        lockout.address,
        lockout.failures,
        lockout.locked_until,
        lockout.retry_after_seconds,
        Id(lockout.id),
    )


@app.command()
def unlock(
    lockout: Annotated[
        str, typer.Argument(help="A username (its every lockout), a lockout id or id prefix.")
    ],
    address: Annotated[str | None, typer.Option(help="Only the lockout from this address.")] = None,
) -> None:
    """Clear login lockouts (see `users lockouts`): the next attempt is judged afresh."""
    session = Session.load()
    found: list[LockoutOut] = list(session.pages(authorization_list_lockouts.sync_detailed))
    matching = [
        item
        for item in found
        if lockout in (item.id, item.username) and address in (None, item.address)
    ] or _by_id_prefix(found, lockout)
    if not matching:
        raise CliError(f"no lockout of {lockout!r}: see `flowloom users lockouts`")
    for item in matching:
        session.call(authorization_clear_lockout.sync_detailed, lockout_id=item.id)
        who = "every username" if item.username is None else item.username
        done(f"Cleared the lockout of {who} from {item.address}.")


def password() -> None:
    """Change your password: two lines on stdin (current, then new), or prompts."""
    session = Session.load()
    if sys.stdin.isatty():
        old = typer.prompt("Current password", hide_input=True)
        new = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    else:
        old, new = sys.stdin.readline().rstrip("\r\n"), sys.stdin.readline().rstrip("\r\n")
    body = ChangePasswordRequest(old_password=old, new_password=new)
    answer = session.get(authorization_change_password.sync_detailed, TokenResponse, body=body)
    # Every token issued before the change is revoked, ours included: keep the new pair.
    store_tokens(session.config, answer)
    config_file.save(session.config)
    done("Password changed; your other sessions are ended.")


def _by_id_prefix(found: list[LockoutOut], given: str) -> list[LockoutOut]:
    """The one lockout whose id starts with `given` (none when no id does)."""
    prefixed = [item for item in found if given and item.id.startswith(given)]
    if len(prefixed) > 1:
        listed = [
            f"{item.username or '(any)'} from {item.address} ({item.id})" for item in prefixed
        ]
        raise ambiguous(f"lockout id prefix {given!r}", "lockout", listed, "give more of the id")
    return prefixed
