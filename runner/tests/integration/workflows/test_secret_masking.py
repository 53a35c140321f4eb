"""Passwords and project secrets that actions print never reach what people see or back up:
the log pages, the Server-Sent Events stream (what the web UI reads), `flowloom runs logs`,
run details, a source's messages and the runner's log, `flowloom-adm backup`'s archive."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import tarfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.testkit import testing

from .builders import artefact, bindings, deployment, manual, ref, step, undeployment
from .conftest import Session
from .test_secrets import secret_set

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PASSWORD = "pw-heldout-7Q"  # typed by hand into a password field of a manual run
TOKEN = "tok-3f9a2c-Z8"  # a project secret
SOURCE_PASSWORD = "src-pw-K8m2"  # a password literal of the source and of a step
SECRETS = (PASSWORD, TOKEN, SOURCE_PASSWORD)


def clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"
    assert TOKEN[:5] not in text  # nor the first part of the value split across two events


async def sse_lines(session: Session, run_id: str, execution_id: str) -> list[str]:
    """The `line` events of an execution's log stream, as the web UI reads them, to `end`."""
    path = f"/api/runner/runs/{run_id}/executions/{execution_id}/logs/stream"
    lines = []
    async with (
        httpx.AsyncClient(timeout=60) as client,
        client.stream("GET", session.platform.base_url(path) + path, headers=session.headers) as r,
    ):
        assert r.status_code == 200
        async for raw in r.aiter_lines():
            if raw.startswith("data:") and raw != "data: {}":
                lines.append(json.loads(raw.removeprefix("data:"))["line"])
    return lines


async def command(program: str, *args: str, env: dict[str, str] | None = None) -> str:
    """A console script of this environment, run like a user does; its stdout (exit 0)."""
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / program), *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 300)
    assert process.returncode == 0, f"{program} {args}: {err.decode()}"
    return out.decode()


async def cli_logs(session: Session, run_id: str, tmp_path: Path) -> str:
    config = tmp_path / "cli" / "config.json"
    config.parent.mkdir(mode=0o700)
    url = session.platform.base_url("")
    token = {"url": url, "access_token": session.token, "project_id": session.project_id}
    config.write_text(json.dumps(token))
    return await command("flowloom", "runs", "logs", run_id, env={"FLOWLOOM_CONFIG": str(config)})


async def backup_text(session: Session, tmp_path: Path) -> bytes:
    """`flowloom-adm backup` of the running platform, every member decompressed."""
    archive = tmp_path / "backup.tar.gz"
    options, env = session.platform.adm_target()
    await command("flowloom-adm", "backup", "-o", str(archive), *options, env=env)
    return await asyncio.to_thread(_decompressed, archive, tmp_path / "member.pgdump")


def _decompressed(archive: Path, scratch: Path) -> bytes:
    """The members of a (gzip'd tar) backup: database dumps as the SQL `pg_restore` writes,
    SQLite files and objects as they are."""
    contents = []
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            extracted = tar.extractfile(member) if member.isfile() else None
            if extracted is None:
                continue
            data = extracted.read()
            if member.name.endswith(".pgdump"):  # custom format: compressed table data
                scratch.write_bytes(data)
                command = ["pg_restore", "--file=-", str(scratch)]
                data = subprocess.run(command, capture_output=True, check=True).stdout
            contents.append(data)
    return b"\n".join(contents)


async def until_run(session: Session, workflow_id: str, **inputs: object) -> dict[str, Any]:
    """A completed run, once the runner knows the project secret (published just before)."""
    found: dict[str, Any] = {}

    async def completed() -> bool:
        found.update(await session.finished(await session.start(workflow_id, **inputs)))
        return found["state"] == "Completed"

    await testing.eventually(completed, within=60, step=0.3)
    return found


async def test_never_shows_a_password_or_secret_when_actions_print_them(
    session: Session, envs: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="flowloom.runner.infrastructure.triggers")
    name = f"token-{uuid.uuid4().hex[:6]}"
    await session.platform.publish(secret_set(session, name, TOKEN, datetime.now(UTC)))
    echo = {"text": "hello", "password": ref("trigger.pw"), "token": ("secret", name)}
    workflow_id, order = deployment(
        session.project_id, manual(pw="password"), [step("echo", "echo", envs, echo)],
        {"said": "echo.said"},
    )  # fmt: skip
    await session.deploy(order, workflow_id)
    run = await until_run(session, workflow_id, pw=PASSWORD)
    execution = run["executions"][0]

    expected = [
        "{'text': 'hello', 'password': '***', 'token': '***'}",
        '{"text": "hello", "password": "***", "token": "***"}',
        "password: ***",
        "x" * (64 * 1024 - 4) + "***",
        "*** (split)",
    ]
    pages = await session.logs(run, "echo")
    assert sorted(pages) == sorted(expected)  # stderr may come before or after stdout
    assert sorted(await sse_lines(session, run["id"], execution["id"])) == sorted(expected)
    printed = await cli_logs(session, run["id"], tmp_path)
    assert "[echo] {'text': 'hello', 'password': '***', 'token': '***'}" in printed
    said = execution["outputs"]["said"]
    assert (said["value"], said["secret"]) == (None, True)  # it held the secret
    assert (run["results"]["said"]["value"], run["trigger_outputs"]["pw"]["value"]) == (None, None)
    clean(json.dumps(pages) + printed + json.dumps(run))

    source_id, source_runs = await _source_workflow(session, envs, name)
    backup = await backup_text(session, tmp_path)
    await session.platform.publish(undeployment(session.project_id, source_id))
    for secret in SECRETS:
        assert secret.encode() not in backup, f"{secret!r} is in the backup"
    assert b"'password': '***', 'token': '***'" in backup  # the masked logs are in it
    if session.platform.mode == "distributed":
        clean((session.platform.data_dir / "runner.log").read_text())
    else:
        logged = [r.getMessage() for r in caplog.records if "source of workflow" in r.getMessage()]
        stdout = f"source of workflow {source_id} (stdout): {{'password': '***', 'label': 'plain'}}"
        assert stdout in logged
        clean(caplog.text)
    clean(json.dumps(source_runs))


async def _source_workflow(
    session: Session, envs: dict[str, Path], secret: str
) -> tuple[str, list[dict[str, Any]]]:
    """A source printing its password, emitting a run and an error with it (a trigger's
    inputs are literals: no project secret)."""
    source = pb.ActionTrigger(
        action=artefact("echosource", envs),
        inputs=bindings({"password": SOURCE_PASSWORD, "label": "plain"}),
    )
    echo = {"text": ref("trigger.text"), "password": SOURCE_PASSWORD, "token": ("secret", secret)}
    workflow_id, order = deployment(
        session.project_id, pb.Trigger(action=source), [step("echo", "echo", envs, echo)]
    )
    await session.deploy(order, workflow_id)
    runs: list[dict[str, Any]] = []

    async def both_ended() -> bool:
        listed = await session.get("/api/runner/runs", params={"workflow_id": workflow_id})
        runs[:] = [(await session.get(f"/api/runner/runs/{r['id']}")).json()
                   for r in listed.json()["items"]]  # fmt: skip
        return len(runs) == 2 and all(r["state"] != "Running" for r in runs)

    await testing.eventually(both_ended, within=60, step=0.3)
    emitted = next(r for r in runs if not r["error"])
    reported = next(r for r in runs if r["error"])
    assert emitted["state"] == "Completed", emitted
    assert emitted["trigger_outputs"]["text"] == {"type": "string", "value": None, "secret": True}
    assert reported["error"] == "the trigger reported an error: refused ***"
    echo_logs = await session.logs(emitted, "echo")
    assert echo_logs[0] == "{'text': '***', 'password': '***', 'token': '***'}"
    return workflow_id, [*runs, {"logs": echo_logs}]
