"""`projects`: list, create, use (switch the token's project), delete, members."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer
from flowloom_sdk.api.authorization_projects import (
    authorization_add_member,
    authorization_create_project,
    authorization_delete_project,
    authorization_list_members,
    authorization_list_projects,
    authorization_remove_member,
)
from flowloom_sdk.api.authorization_sessions import authorization_switch_project
from flowloom_sdk.models import (
    MemberOut,
    NewMemberRequest,
    ProjectOut,
    ProjectRequest,
    Role,
    SwitchProjectRequest,
    TokenResponse,
)
from flowloom_sdk.models.role import check_role

from flowloom.cli import config as config_file
from flowloom.cli.errors import CliError
from flowloom.cli.ids import resolve_named
from flowloom.cli.output import Id, JsonOption, WideOption, done, print_done, print_list
from flowloom.cli.session import Session, store_tokens

app = typer.Typer(help="Projects (tenants): everything else belongs to one.", no_args_is_help=True)
ROLES = "owner, developer, operator or viewer"


def find_project(session: Session, name: str) -> ProjectOut:
    """By name, id or id prefix among the projects the caller may see."""
    projects: Iterator[ProjectOut] = session.pages(authorization_list_projects.sync_detailed)
    return resolve_named(name, projects, kind="project", listing="projects")


def switch_project(session: Session, name: str) -> ProjectOut:
    """New tokens scoped to the project; the old refresh token is revoked."""
    project = find_project(session, name)
    body = SwitchProjectRequest(project_id=project.id, refresh_token=session.config.refresh_token)
    tokens = session.get(authorization_switch_project.sync_detailed, TokenResponse, body=body)
    store_tokens(session.config, tokens)
    session.config.project_name = project.name
    config_file.save(session.config)
    return project


@app.command("list")
def list_projects(json: JsonOption = False, wide: WideOption = False) -> None:
    """Your projects (every project for an admin)."""
    session = Session.load()
    projects = list(session.pages(authorization_list_projects.sync_detailed))
    current = session.config.project_id
    columns = ["", "name", "role", "id", "created"]
    row = lambda p: ("*" if p.id == current else "", p.name, p.role, Id(p.id), p.created_at)  # noqa: E731
    print_list(projects, json, columns, row, wide=wide)


@app.command()
def create(name: str, json: JsonOption = False) -> None:
    """Create a project (admins); you become its owner."""
    session = Session.load()
    body = ProjectRequest(name=name)
    project = session.get(authorization_create_project.sync_detailed, ProjectOut, body=body)
    print_done(project, json, f"Created project {project.name} ({project.id}).")


@app.command()
def use(name: str) -> None:
    """Work in this project from now on."""
    project = switch_project(Session.load(), name)
    done(f"Now using project {project.name}.")


@app.command()
def delete(name: str) -> None:
    """Delete a project and, in every service, everything in it (owners and admins)."""
    session = Session.load()
    project = find_project(session, name)
    session.call(authorization_delete_project.sync_detailed, project_id=project.id)
    done(f"Deleted project {project.name}.")


@app.command()
def members(name: str, json: JsonOption = False) -> None:
    """The members of a project and their roles."""
    session = Session.load()
    project = find_project(session, name)
    found = list(session.pages(authorization_list_members.sync_detailed, project_id=project.id))
    columns = ["username", "role", "full name"]
    print_list(found, json, columns, lambda m: (m.username, m.role, m.full_name))


@app.command("add-member")
def add_member(
    name: str,
    username: str,
    role: Annotated[str, typer.Option(help=ROLES)] = "developer",
) -> None:
    """Give a user a role in a project (owners and admins)."""
    session = Session.load()
    project = find_project(session, name)
    body = NewMemberRequest(username=username, role=_role(role))
    session.get(authorization_add_member.sync_detailed, MemberOut, project_id=project.id, body=body)
    done(f"{username} is now {role} in {project.name}.")


@app.command("remove-member")
def remove_member(name: str, username: str) -> None:
    """Take a user out of a project."""
    session = Session.load()
    project = find_project(session, name)
    found = session.pages(authorization_list_members.sync_detailed, project_id=project.id)
    member = next((m for m in found if m.username == username), None)
    if member is None:
        raise CliError(f"{username} is not a member of {project.name}")
    session.call(
        authorization_remove_member.sync_detailed, project_id=project.id, user_id=member.user_id
    )
    done(f"Removed {username} from {project.name}.")


def _role(value: str) -> Role:
    try:
        return check_role(value)
    except TypeError:
        raise typer.BadParameter(f"{value!r}: use {ROLES}", param_hint="--role") from None
