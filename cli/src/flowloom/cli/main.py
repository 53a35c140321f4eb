"""The `flowloom` command: sub-commands per resource; errors as one line, exit 1."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from flowloom.cli import actions, api_keys, auth, projects, repos, runs, users, variables, workflows
from flowloom.cli.errors import CliError
from flowloom.cli.output import stderr

EXIT_FAILED = 1  # usage errors exit 2 (click's own)


class FlowloomGroup(TyperGroup):
    """Turns a `CliError` raised by any sub-command into one line on stderr and exit 1."""

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click Context
        try:
            return super().invoke(ctx)
        except CliError as error:
            stderr.print(f"flowloom: error: {error}", markup=False, soft_wrap=True)
            raise typer.Exit(EXIT_FAILED) from None


app = typer.Typer(
    cls=FlowloomGroup,
    name="flowloom",
    help="Command line of a Flowloom installation: projects, repositories, actions, "
    "workflows and runs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command()(auth.login)
app.command()(auth.logout)
app.command()(auth.whoami)
app.command()(users.password)
app.add_typer(projects.app, name="projects")
app.add_typer(users.app, name="users")
app.add_typer(api_keys.app, name="api-keys")
app.add_typer(runs.app, name="runs")
app.add_typer(repos.app, name="repos")
app.add_typer(actions.app, name="actions")
app.add_typer(workflows.app, name="workflows")
app.add_typer(variables.variables, name="variables")
app.add_typer(variables.secrets, name="secrets")
