"""The `flowloom` command: sub-commands per resource; errors as one line, exit 1."""

from __future__ import annotations

from typing import Any

import typer

# typer vendors click (typer._click): its usage errors are these classes, not click's.
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from flowloom.cli import actions, api_keys, auth, projects, repos, runs, users, variables, workflows
from flowloom.cli.errors import CliError
from flowloom.cli.output import stderr

EXIT_FAILED = 1
EXIT_USAGE = 2  # click's own code for usage errors


class FlowloomGroup(TyperGroup):
    """Turns a `CliError` raised by any sub-command into one line on stderr and exit 1, and a
    usage error (unknown command or option, malformed value) into one line and exit 2."""

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click Context
        try:
            return super().invoke(ctx)
        except CliError as error:
            stderr.print(f"flowloom: error: {error}", markup=False, soft_wrap=True)
            raise typer.Exit(EXIT_FAILED) from None
        except NoArgsIsHelpError:
            raise  # `flowloom runs` alone: the help, as typer shows it
        except UsageError as error:
            where = error.ctx.command_path if error.ctx is not None else "flowloom"
            line = " ".join(error.format_message().split())
            stderr.print(
                f"flowloom: error: {line} (see `{where} --help`)", markup=False, soft_wrap=True
            )
            raise typer.Exit(EXIT_USAGE) from None


app = typer.Typer(
    cls=FlowloomGroup,
    name="flowloom",
    help="Command line of a Flowloom installation: projects, repositories, actions, "
    "workflows and runs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish, PowerShell)
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
