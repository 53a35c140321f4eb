"""From a git repository to results: repository scan → builder → published → runner executes.

The studio does not exist yet, so the test plays it: it listens to `ActionPublished` on the real
bus and sends the runner a `WorkflowDeploymentRequested` naming the published artefacts, exactly
what the studio will send. Both modes: embedded (the `flowloom-adm up` composition) and
distributed (each service its own process on PostgreSQL, RabbitMQ and S3).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from flowloom.repository.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as repo_pb,
)
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import (
    studio_events_pb2 as studio_pb,
)
from flowloom.servicekit.messaging import Envelope, QueueBinding
from flowloom.testkit import testing
from flowloom.testkit.actions import action, git_repository
from flowloom.testkit.events import envelope
from flowloom.testkit.harness import Platform

from .support import GREET, User

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ACTIONS = {
    # No requirements at all.
    "greet": GREET,
    # A real third-party, pure-Python requirement installed by the builder.
    "punycode": action(
        "punycode", ["prefix", "domain"], ["line"],
        """\
        import idna


        def handle(inputs):
            ascii_name = idna.encode(inputs["domain"]).decode("ascii")
            return {"line": inputs["prefix"] + " from " + ascii_name}
        """,
        requirements="idna>=3\n",
    ),
}  # fmt: skip


class Listener(User):
    """A user who also hears every ActionPublished, as the studio would."""

    published: dict[str, repo_pb.ActionPublished]


@pytest.fixture(scope="module")
async def user(shared_platform: Platform) -> Listener:
    """A project of its own on the session's platform of each mode, hearing its publications."""
    project_id, token = await shared_platform.project_token("from-git")
    user = Listener(shared_platform, project_id, token)
    user.published = {}

    async def record(envelope: Envelope) -> None:
        message = repo_pb.ActionPublished.FromString(envelope.body)
        if message.project_id == project_id:  # the platform serves other tests' projects too
            user.published[message.technical_name] = message

    queue = f"test-{uuid.uuid4().hex[:8]}.repository.action.published"
    await shared_platform.bus.subscribe(
        QueueBinding(queue, "repository.events", ("action.published",)), record
    )
    return user


def artefact(published: repo_pb.ActionPublished) -> studio_pb.ActionArtefact:
    def io(items: Any) -> list[studio_pb.IoSpec]:
        return [studio_pb.IoSpec(name=i.name, type=i.type, optional=i.optional) for i in items]

    return studio_pb.ActionArtefact(
        action_id=published.technical_name,
        version=published.version,
        kind=published.kind,
        artefact=published.artefact,
        inputs=io(published.inputs),
        outputs=io(published.outputs),
    )


def ref(node: str, output: str) -> studio_pb.Reference:
    return studio_pb.Reference(node=node, output=output)


def deployment(user: Listener) -> tuple[str, Envelope]:
    """trigger(name, domain) → greet(name) → punycode(prefix=greet.greeting, domain)."""
    workflow_id = str(uuid.uuid4())
    trigger = studio_pb.Trigger(
        manual=studio_pb.ManualTrigger(
            outputs=[studio_pb.IoSpec(name=n, type="IO_TYPE_STRING") for n in ("name", "domain")]
        )
    )
    steps = [
        studio_pb.Step(
            id="greet",
            action=artefact(user.published["greet"]),
            inputs=[studio_pb.Binding(input="name", ref=ref("trigger", "name"))],
        ),
        studio_pb.Step(
            id="encode",
            action=artefact(user.published["punycode"]),
            inputs=[
                studio_pb.Binding(input="prefix", ref=ref("greet", "greeting")),
                studio_pb.Binding(input="domain", ref=ref("trigger", "domain")),
            ],
        ),
    ]
    version = studio_pb.WorkflowVersion(
        workflow_id=workflow_id,
        workflow_version_id=str(uuid.uuid4()),
        name="from git",
        number=1,
        trigger=trigger,
        steps=steps,
        results=[studio_pb.WorkflowResult(name="line", ref=ref("encode", "line"))],
    )
    message = studio_pb.WorkflowDeploymentRequested(
        event_id=str(uuid.uuid4()), project_id=user.project_id, version=version
    )
    return workflow_id, envelope("studio.events", "workflow.deployment_requested", message)


async def test_actions_go_from_git_through_the_builder_to_a_run(
    user: Listener, tmp_path: Path
) -> None:
    repo = git_repository(tmp_path / "repo", ACTIONS)
    by_name = await user.build_all(f"file://{repo}")
    assert sorted(by_name) == ["greet", "punycode"]
    builds = {}
    for name, built in by_name.items():
        history = await user.call("GET", f"/api/repository/actions/{built['id']}/builds")
        builds[name] = history["items"][0]
        assert built["state"] == "Built", builds[name]
    await testing.eventually(lambda: len(user.published) == 2, within=30, step=0.1)
    log = await user.platform.request(
        "GET", f"/api/repository/builds/{builds['punycode']['id']}/log", headers=user.headers
    )
    assert log.status_code == 200
    assert "idna" in log.text  # the installer's output names the requirement it installed

    # A rebuild with unchanged requirements comes from the builder's cache.
    punycode_id = by_name["punycode"]["id"]
    await user.call("POST", f"/api/repository/actions/{punycode_id}/builds", 202)
    rebuilt = await user.until(f"/api/repository/actions/{punycode_id}", "state", {"Built"})
    history = await user.call("GET", f"/api/repository/actions/{punycode_id}/builds")
    assert history["items"][0]["cache_hit"] is True
    print(  # the note reports these figures
        f"\n[{user.platform.mode}] cold build {builds['punycode']['duration_seconds']:.1f} s, "
        f"cached rebuild {history['items'][0]['duration_seconds']:.1f} s"
    )
    assert rebuilt["state"] == "Built"

    workflow_id, order = deployment(user)
    await user.platform.publish(order)
    deployed = await user.until(
        f"/api/runner/deployments/{workflow_id}", "state", {"Deployed", "Error"}, within=60
    )
    assert deployed["state"] == "Deployed", deployed
    started = await user.call(
        "POST",
        f"/api/runner/workflows/{workflow_id}/runs",
        201,
        json={"inputs": {"name": "Ada", "domain": "bücher.example"}},
    )
    run = await user.until(
        f"/api/runner/runs/{started['run_id']}", "state", {"Completed", "Error", "Canceled"}
    )
    assert run["state"] == "Completed", run
    assert run["results"]["line"]["value"] == "hello Ada from xn--bcher-kva.example"
