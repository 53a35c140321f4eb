"""Shared workflow shapes and helpers of the runner acceptance tests."""

from __future__ import annotations

import uuid
from pathlib import Path

from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.testkit import testing

from .builders import deployment, manual, ref, step
from .conftest import Session


def chain(envs: dict[str, Path]) -> list[pb.Step]:
    """writer → reader (only when the file is not empty) → publish."""
    return [
        step("writer", "writer", envs, {"text": ref("trigger.text")}),
        step("reader", "reader", envs, {"file": ref("writer.outfile")},
             when="steps.writer.outputs.outfile != ''"),
        step("publish", "publish", envs, {"content": ref("reader.content")}),
    ]  # fmt: skip


def wrappers_of(env: Path) -> list[int]:
    """The pids of the wrapper processes serving this action."""
    serving = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        # Sandboxed, that is bwrap (whose sandbox dies with it), binding the action's folder.
        if b"serve" in command and str(env / "action").encode() in command:
            serving.append(int(proc.name))
    return serving


def kill_wrapper_of(env: Path) -> int:
    """SIGKILL the wrapper processes serving this action; how many were killed."""
    import os
    import signal

    serving = wrappers_of(env)  # found first, killed after: the replacement must not be found too
    for pid in serving:
        os.kill(pid, signal.SIGKILL)
    return len(serving)


async def admin_headers(session: Session) -> dict[str, str]:
    data_dir = session.platform.data_dir
    password = next(data_dir.rglob("admin-password")).read_text().strip()
    login = await session.platform.request(
        "POST", "/api/authorization/login", json={"username": "admin", "password": password}
    )
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def token_in(session: Session, headers: dict[str, str], project_id: str) -> str:
    switched = await session.platform.request(
        "POST", "/api/authorization/me/project", json={"project_id": project_id}, headers=headers
    )
    return str(switched.json()["access_token"])


async def new_project(session: Session, admin: dict[str, str], prefix: str) -> Session:
    """A session of the admin in a project it creates (named `prefix-…`), on the same platform."""
    created = await session.platform.request(
        "POST", "/api/authorization/projects", json={"name": f"{prefix}-{uuid.uuid4().hex[:6]}"},
        headers=admin,
    )  # fmt: skip
    project_id = created.json()["id"]
    return Session(
        session.platform,
        project_id,
        await token_in(session, admin, project_id),
        session.deployment_events,
    )


async def deployed(
    session: Session,
    trigger: pb.Trigger,
    steps: list[pb.Step],
    results: dict[str, str] | None = None,
) -> str:
    """The id of a new workflow of `trigger` and `steps` in the session's project, once the
    runner says it is Deployed."""
    workflow_id, order = deployment(session.project_id, trigger, steps, results)
    await session.deploy(order, workflow_id)
    return workflow_id


async def sleeping(
    session: Session, envs: dict[str, Path], seconds: float, *, attempts: int = 1
) -> str:
    """The id of a run started of a workflow deployed for it: one step, the sleeper, that
    sleeps `seconds` (and may make `attempts`)."""
    steps = [step("sleeper", "sleeper", envs, {"seconds": seconds}, attempts=attempts)]
    workflow_id = await deployed(session, manual(), steps)
    return await session.start(workflow_id)


async def first_step_running(session: Session, run_id: str, *, poll: float) -> None:
    """Return once the run's first execution is Running (within 30 s), asking every `poll` s."""

    async def running() -> bool:
        run = (await session.get(f"/api/runner/runs/{run_id}")).json()
        return run["executions"][0]["state"] == "Running"

    await testing.eventually(running, within=30, step=poll)
