"""`variables` (typed project values) and `secrets` (write-only) of the studio."""

from __future__ import annotations

from typing import Annotated

import typer
from flowloom_sdk.api.studio_variables import (
    studio_delete_secret,
    studio_delete_variable,
    studio_list_secrets,
    studio_list_variables,
    studio_put_secret,
    studio_put_variable,
)
from flowloom_sdk.models import SecretBody, SecretOut, VariableBody, VariableOut

from flowloom.cli.auth import read_secret
from flowloom.cli.output import JsonOption, done, print_done, print_list
from flowloom.cli.session import Session

variables = typer.Typer(
    help="Project variables: typed values workflows read.", no_args_is_help=True
)
secrets = typer.Typer(help="Project secrets: values never shown again.", no_args_is_help=True)


def typed(kind: str, text: str) -> bool | int | float | str:
    try:
        if kind == "integer":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        article = "an" if kind.startswith(("a", "e", "i", "o", "u")) else "a"
        raise typer.BadParameter(f"{text!r} is not {article} {kind}", param_hint="VALUE") from None
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise typer.BadParameter(f"{text!r}: use true or false", param_hint="VALUE")
        return text.lower() == "true"
    return text


@variables.command("set")
def set_variable(
    name: str,
    value: str,
    type_: Annotated[
        str, typer.Option("--type", help="string, longstring, integer, float, boolean, …")
    ] = "string",
    json: JsonOption = False,
) -> None:
    """Create or replace a variable (workflows read it when a version is deployed)."""
    body = VariableBody(type_=type_, value=typed(type_, value))
    found = Session.load().get(studio_put_variable.sync_detailed, VariableOut, name=name, body=body)
    print_done(found, json, f"Variable {found.name} = {found.value!r} ({found.type_}).")


@variables.command("list")
def list_variables(json: JsonOption = False) -> None:
    """The project's variables and their values."""
    found = list(Session.load().pages(studio_list_variables.sync_detailed))
    columns = ["name", "type", "value", "updated"]
    print_list(found, json, columns, lambda v: (v.name, v.type_, v.value, v.updated_at))


@variables.command("delete")
def delete_variable(name: str) -> None:
    """Delete a variable."""
    Session.load().call(studio_delete_variable.sync_detailed, name=name)
    done(f"Deleted variable {name}.")


@secrets.command("set")
def set_secret(
    name: str,
    value_stdin: Annotated[
        bool, typer.Option("--value-stdin", help="Read the value from stdin.")
    ] = False,
) -> None:
    """Create or replace a secret; the value is sealed and never shown."""
    body = SecretBody(value=read_secret("value", value_stdin))
    found = Session.load().get(studio_put_secret.sync_detailed, SecretOut, name=name, body=body)
    done(f"Secret {found.name} set.")


@secrets.command("list")
def list_secrets(json: JsonOption = False) -> None:
    """The project's secrets: names and dates only."""
    found = list(Session.load().pages(studio_list_secrets.sync_detailed))
    columns = ["name", "created", "updated"]
    print_list(found, json, columns, lambda s: (s.name, s.created_at, s.updated_at))


@secrets.command("delete")
def delete_secret(name: str) -> None:
    """Delete a secret."""
    Session.load().call(studio_delete_secret.sync_detailed, name=name)
    done(f"Deleted secret {name}.")
