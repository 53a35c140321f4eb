"""Names people type → ids the API wants, through list calls (workflows, repositories)."""

from __future__ import annotations

from flowloom_sdk.api.repository_sources import repository_list_sources
from flowloom_sdk.api.runner_deployments import runner_list_deployments
from flowloom_sdk.api.studio_workflows import studio_list_workflows
from flowloom_sdk.models import SourceOut

from flowloom.cli.errors import CliError
from flowloom.cli.session import Session, attempt, checked


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
    names = workflow_names(session)
    if name in names:  # an id works too
        return name
    found = [id_ for id_, known in names.items() if known == name]
    if not found:
        raise CliError(f"no workflow named {name!r}: see `flowloom workflows list`")
    return found[0]


def find_source(session: Session, name: str) -> SourceOut:
    for source in session.pages(repository_list_sources.sync_detailed):
        if name in (source.name, source.id):
            return source  # type: ignore[no-any-return]
    raise CliError(f"no repository named {name!r}: see `flowloom repos list`")
