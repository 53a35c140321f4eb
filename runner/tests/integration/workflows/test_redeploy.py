"""A workflow deployed again after its action was rebuilt (same version string)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flowloom.testkit import testing

from .builders import deployment, manual, step
from .conftest import Session
from .flows import wrappers_of

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def rebuilt(env: Path, into: Path) -> Path:
    """A copy of ``env`` whose handler says "second build": the same action id and version."""
    shutil.copytree(env / "action", into / "action")
    (into / "venv").symlink_to((env / "venv").resolve())
    handler = into / "action" / "ryax_handler.py"
    handler.write_text(handler.read_text().replace("first build", "second build"))
    return into


async def test_runs_new_build_when_rebuilt_action_is_redeployed(
    session: Session, envs: dict[str, Path], tmp_path: Path
) -> None:
    first = {"teller": envs["teller"]}
    second = {"teller": rebuilt(envs["teller"], tmp_path / "teller")}
    workflow_id, order = deployment(
        session.project_id, manual(), [step("tell", "teller", first)], {"build": "tell.build"}
    )
    await session.deploy(order, workflow_id)
    before = await session.finished(await session.start(workflow_id))
    assert before["results"]["build"]["value"] == "first build"  # its wrapper is now warm

    _, order = deployment(
        session.project_id,
        manual(),
        [step("tell", "teller", second)],
        {"build": "tell.build"},
        workflow_id=workflow_id,
    )
    await session.deploy(order, workflow_id)
    after = await session.finished(await session.start(workflow_id))

    assert after["workflow_version_id"] != before["workflow_version_id"]
    assert after["results"]["build"]["value"] == "second build"
    ran_on = [e["artefact"] for e in (before["executions"][0], after["executions"][0])]
    references = [f"file://{envs['teller']}", f"file://{second['teller']}"]
    assert [a["reference"] for a in ran_on] == references
    assert [(a["action_id"], a["version"], a["digest"]) for a in ran_on] == [
        ("teller", "1.0", None)
    ] * 2

    assert wrappers_of(second["teller"])  # warm, for the next run

    async def first_build_drained() -> bool:
        return not wrappers_of(envs["teller"])

    await testing.eventually(first_build_drained, within=30, step=0.2)


GATED = """\
import time
from pathlib import Path


def handle(inputs):
    while not (Path(__file__).parent / "go").exists():
        time.sleep(0.05)
    return {"build": "first build"}
"""


async def test_finishes_runs_in_flight_on_old_build_when_rebuilt_action_is_redeployed(
    session: Session, envs: dict[str, Path], tmp_path: Path
) -> None:
    first = rebuilt(envs["teller"], tmp_path / "first")
    (first / "action" / "ryax_handler.py").write_text(GATED)  # holds until `go` exists
    second = rebuilt(envs["teller"], tmp_path / "second")
    workflow_id, order = deployment(
        session.project_id,
        manual(),
        [step("tell", "teller", {"teller": first})],
        {"build": "tell.build"},
    )
    await session.deploy(order, workflow_id)
    in_flight = await session.start(workflow_id)

    async def running() -> bool:
        run = (await session.get(f"/api/runner/runs/{in_flight}")).json()
        return run["executions"][0]["state"] == "Running" and bool(wrappers_of(first))

    await testing.eventually(running, within=60, step=0.1)
    _, order = deployment(
        session.project_id,
        manual(),
        [step("tell", "teller", {"teller": second})],
        {"build": "tell.build"},
        workflow_id=workflow_id,
    )
    await session.deploy(order, workflow_id)
    after = await session.finished(await session.start(workflow_id))
    assert after["results"]["build"]["value"] == "second build"
    assert wrappers_of(first)  # still busy with the run in flight

    (first / "action" / "go").write_text("")
    before = await session.finished(in_flight)
    assert before["results"]["build"]["value"] == "first build"
    assert before["executions"][0]["artefact"]["reference"] == f"file://{first}"

    async def first_build_drained() -> bool:
        return not wrappers_of(first)  # stopped once its execution ended

    await testing.eventually(first_build_drained, within=30, step=0.2)
