"""Names and ids people type → the objects the API wants (workflows, repositories, actions,
runs, builds): a whole id, a name, or a unique prefix of an id."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flowloom_sdk.api.repository_actions import repository_list_actions
from flowloom_sdk.api.repository_builds import repository_get_build, repository_list_builds
from flowloom_sdk.api.repository_sources import repository_list_sources
from flowloom_sdk.api.runner_deployments import runner_list_deployments
from flowloom_sdk.api.runner_runs import runner_get_run, runner_list_runs
from flowloom_sdk.api.studio_workflows import studio_list_workflows
from flowloom_sdk.models import BuildOut, RepositoryActionOut, RunOut, SourceOut

from flowloom.cli.errors import CliError
from flowloom.cli.ids import ambiguous, resolve, resolve_named
from flowloom.cli.session import Session, attempt, checked, expect


def workflow_names(session: Session) -> dict[str, str]:
    """Workflow id → name: the runner's deployments and the studio's workflows.

    The runner knows the name of every workflow it was ever ordered to deploy, which is all
    `runs` needs (also for a workflow deployed by another tool, or a platform serving no
    studio); the studio adds the workflows never deployed, and its names win.
    """
    names: dict[str, str] = {}
    runner = attempt(session.url, runner_list_deployments.sync_detailed, client=session.client)
    if int(runner.status_code) != 404:  # 404: a platform serving no runner
        names = {d.workflow_id: d.name for d in checked(runner).parsed or []}
    probe = attempt(
        session.url, studio_list_workflows.sync_detailed, client=session.client, limit=1
    )
    if int(probe.status_code) != 404:
        names |= {w.id: w.name for w in session.pages(studio_list_workflows.sync_detailed)}
    return names


def workflow_id(session: Session, name: str) -> str:
    """A workflow by name, id or id prefix."""
    found: tuple[str, str] = resolve(
        name,
        workflow_names(session).items(),
        kind="workflow",
        id_of=lambda pair: pair[0],
        names_of=lambda pair: (pair[1],),
        describe=lambda pair: f"{pair[1]} ({pair[0]})",
        unknown=f"no workflow named {name!r}: see `flowloom workflows list`",
    )
    return found[0]


def find_source(session: Session, name: str) -> SourceOut:
    """A repository by name, id or id prefix."""
    sources: Iterator[SourceOut] = session.pages(repository_list_sources.sync_detailed)
    return resolve_named(name, sources, kind="repository", listing="repos")


def find_action(session: Session, given: str) -> RepositoryActionOut:
    """An action by id, by name as a workflow file names it (`echo`: its newest version;
    `echo@1.2`), or by id prefix."""
    found = lookup_action(session, given)
    if found is None:
        raise CliError(f"no action {given!r}: see `flowloom actions list`")
    return found


def lookup_action(session: Session, given: str) -> RepositoryActionOut | None:
    """`find_action`, or None when no action matches at all."""
    actions: list[RepositoryActionOut] = list(session.pages(repository_list_actions.sync_detailed))
    for action in actions:
        if action.id == given:
            return action
    named = _newest_named(actions, given)
    if named is not None:
        return named
    prefixed = [action for action in actions if action.id.startswith(given)]
    if len(prefixed) > 1:
        listed = [_described(action) for action in prefixed]
        raise ambiguous(f"action id prefix {given!r}", "action", listed, "give more of the id")
    return prefixed[0] if prefixed else None


def _newest_named(actions: list[RepositoryActionOut], given: str) -> RepositoryActionOut | None:
    name, at, version = given.partition("@")
    named = [a for a in actions if a.technical_name == name and (not at or a.version == version)]
    if not named:
        return None
    newest = max(version_key(action.version or "") for action in named)
    named = [action for action in named if version_key(action.version or "") == newest]
    if len(named) > 1:  # the same name and version in two repositories or folders
        listed = [f"{_described(action)} at {action.path}" for action in named]
        raise ambiguous(f"action name {given!r}", "action", listed, "give the id")
    return named[0]


def _described(action: RepositoryActionOut) -> str:
    return f"{action.technical_name}@{action.version} ({action.id})"


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Versions ordered as people read them: 1.9 < 1.10 < 2.0; a number before text."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in version.split(".")
    )


def find_run(session: Session, given: str) -> RunOut:
    """A run by id, or by a unique prefix of its id (the project's runs, newest first)."""
    answer = attempt(session.url, runner_get_run.sync_detailed, client=session.client, run_id=given)
    if int(answer.status_code) != 404 or not _prefix_like(given):
        return expect(checked(answer), RunOut)
    found = resolve(
        given,
        session.pages(runner_list_runs.sync_detailed),
        kind="run",
        id_of=lambda run: str(run.id),
        unknown=f"run {given!r} not found: see `flowloom runs list`",
    )
    return session.get(runner_get_run.sync_detailed, RunOut, run_id=found.id)


def find_build(session: Session, given: str) -> BuildOut:
    """A build by id, or by a unique prefix of its id (the builds of every action)."""
    answer = attempt(
        session.url, repository_get_build.sync_detailed, client=session.client, build_id=given
    )
    if int(answer.status_code) != 404 or not _prefix_like(given):
        return expect(checked(answer), BuildOut)
    builds = (
        build
        for action in session.pages(repository_list_actions.sync_detailed)
        for build in session.pages(repository_list_builds.sync_detailed, action_id=action.id)
    )
    found: BuildOut = resolve(
        given,
        builds,
        kind="build",
        id_of=lambda build: str(build.id),
        unknown=f"no action or build {given!r}: see `flowloom actions list`",
        describe=lambda build: f"{build.id} (action {build.action_id})",
    )
    return found


def _prefix_like(given: str) -> bool:
    """What could start an id (hex digits and dashes): only then are lists searched."""
    return bool(re.fullmatch(r"[0-9a-fA-F-]{1,64}", given))
