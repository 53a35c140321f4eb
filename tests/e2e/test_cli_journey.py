"""The whole user journey through the `flowloom` command only, embedded and distributed.

login → project → a local git repository of actions → scan → build → variable and secret →
import two workflows → deploy → runs started by hand, by webhook and by a source → logs →
results and their file → export → backup → wipe → restore → everything is still there.

The CLI runs as a subprocess (`flowloom …` with `FLOWLOOM_CONFIG` pointing at a private file):
exactly what a user types, with its real argument parsing, exit codes and output streams.
Each call costs about a second of start-up, a small part of a journey that builds
environments and runs actions; it runs through `asyncio.create_subprocess_exec` because in
embedded mode the platform serves from this test's event loop. Besides the CLI, the test only
writes the git repository, reads the generated admin password, calls the webhook with httpx
(third parties do, not the CLI), and starts, halts, wipes and resumes the platform.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.testkit import testing
from flowloom.testkit.actions import action, git_repository
from flowloom.testkit.harness import Platform

from .support import MODES, SIGN, Flowloom, one_line_error, program, run_program, signed, started

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SOURCE_METADATA = """\
apiVersion: "ryax.tech/v2.0"
kind: Source
spec:
  id: ticker
  human_name: Ticker
  type: python3
  version: "1.0"
  inputs: [{name: count, human_name: Count, help: how many runs, type: integer}]
  outputs: [{name: tick, human_name: Tick, help: which one, type: string}]
"""
# Emits `count` runs, then stays up (a source that returns leaves its workflow deployed, its
# trigger "finished").
SOURCE_RUN = """\
import asyncio


async def run(service, input_values):
    for number in range(input_values["count"]):
        await service.create_run({"tick": f"tick {number}"})
    print("ticked", flush=True)
    await asyncio.sleep(3600)
"""
GREET = """\
import time


def handle(inputs):
    with open(inputs["letter"]) as letter:
        first = letter.readline().strip()
    print(f"greeting {inputs['name']}", flush=True)
    if inputs["name"] == "Slow":
        time.sleep(4)
        print("took my time", flush=True)
    return {"greeting": f"hello {inputs['name']} ({first})"}
"""
ACTIONS = {
    "ticker": {"ryax_metadata.yaml": SOURCE_METADATA, "ryax_run.py": SOURCE_RUN},
    "greet": action("greet", ["name", "letter:file"], ["greeting"], GREET),
    "sign": SIGN,
}
GREET_AND_SIGN = """\
apiVersion: flowloom.dev/v1
kind: Workflow
name: greet-and-sign
description: Greet someone by the first line of their letter, then sign it.
trigger:
  manual:
    outputs:
      - {name: name, type: string}
      - {name: letter, type: file}
steps:
  - id: greet
    action: greet
    inputs:
      name: {ref: trigger.name}
      letter: {ref: trigger.letter}
  - id: sign
    action: sign
    when: "steps.greet.outputs.greeting != ''"
    inputs:
      text: {ref: greet.greeting}
      key: {secret: signing-key}
      label: {variable: label}
results:
  greeting: greet.greeting
  signed: sign.signed
"""
TICKS = """\
apiVersion: flowloom.dev/v1
kind: Workflow
name: ticks
description: Sign every tick of the ticker.
trigger:
  action: ticker
  inputs: {count: 2}
steps:
  - id: sign
    action: sign
    inputs:
      text: {ref: trigger.tick}
      key: {secret: signing-key}
      label: tick
results:
  signed: sign.signed
"""
KEY = "k3y"


async def until(
    probe: Callable[[], Awaitable[Any]], done: Callable[[Any], bool], within: float = 300
) -> Any:
    """Call `probe` (CLI commands) until `done(its value)`; the last value."""
    seen: list[Any] = []

    async def reached() -> bool:
        seen[:] = [await probe()]
        return done(seen[0])

    await testing.eventually(reached, within=within, step=1.0)
    return seen[0]


def runs_by_id(listed: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {run["id"]: run for run in listed}


@MODES
@pytest.mark.timeout(1800)  # builds and runs for real; the machine may be busy
async def test_the_whole_journey_through_the_cli(
    mode: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, s3: S3Endpoint
) -> None:
    repo = git_repository(tmp_path / "actions", ACTIONS)
    (tmp_path / "greet-and-sign.yaml").write_text(GREET_AND_SIGN)
    (tmp_path / "ticks.yaml").write_text(TICKS)
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Flowloom\nsecond line\n")
    flowloom = Flowloom(tmp_path / "config" / "config.json")

    async with started(mode, tmp_path_factory.mktemp(f"journey-{mode}"), s3) as platform:
        url = platform.base_url("")
        password = platform.admin_password()

        # Log in, create a project and work in it.
        logged = await flowloom(
            "login", url, "--username", "admin", "--password-stdin", input=password + "\n"
        )
        assert f"Logged in to {url} as admin" in logged.stdout
        await flowloom("projects", "create", "journey")
        await flowloom("projects", "use", "journey")
        me = await flowloom.json("whoami")
        assert (me["url"], me["role"]) == (url, "owner")

        # A git repository of actions: scan, list, build.
        await flowloom("repos", "add", "mine", f"file://{repo}")
        scan = await flowloom.json("repos", "scan", "mine", "--wait")
        assert (scan["state"], scan["errors"]) == ("Done", []), scan
        actions = await flowloom.json("actions", "list", "--repo", "mine")
        assert sorted((a["technical_name"], a["kind"]) for a in actions) == [
            ("greet", "Processor"),
            ("sign", "Processor"),
            ("ticker", "Source"),
        ]
        builds = await flowloom.json("actions", "build", "--repo", "mine", "--wait")
        assert sorted(b["state"] for b in builds) == ["Succeeded"] * 3, builds

        # What the workflows read: a variable and a secret.
        await flowloom("variables", "set", "label", "FL")
        await flowloom("secrets", "set", "signing-key", "--value-stdin", input=KEY + "\n")
        assert [s["name"] for s in await flowloom.json("secrets", "list")] == ["signing-key"]

        # Import; the studio learns the built actions from the repository's messages, so the
        # problems clear once it has them all.
        imported = await flowloom.json("workflows", "import", str(tmp_path / "greet-and-sign.yaml"))
        assert imported["name"] == "greet-and-sign"
        await until(
            lambda: flowloom.json("workflows", "errors", "greet-and-sign"), lambda p: p == []
        )
        no_problem = await flowloom("workflows", "errors", "greet-and-sign")
        assert "has no problem" in no_problem.stdout
        too_soon = await flowloom("runs", "start", "greet-and-sign", "-i", "name=Ada", ok=False)
        one_line_error(too_soon, "Conflict: workflow ", " is not deployed: deploy it")

        deployed = await flowloom("workflows", "deploy", "greet-and-sign", "--wait")
        assert "Deployed" in deployed.stdout
        assert f"Webhook: POST {url}/api/runner/hooks/" in deployed.stdout

        # Mistakes in a run's inputs: each named once, as an input.
        missing = await flowloom("runs", "start", "greet-and-sign", "-i", "name=Ada", ok=False)
        one_line_error(missing, "Invalid run inputs: input 'letter' is required")
        assert missing.stderr.count("letter") == 1, missing.stderr
        typo = await flowloom(
            "runs", "start", "greet-and-sign", "-i", "nmae=Ada", "-f", f"letter={letter}",
            ok=False,
        )  # fmt: skip
        one_line_error(
            typo, "input 'name' is required", "unknown input 'nmae' (the workflow's inputs: name"
        )

        # A manual run with a text input and a file.
        run = await flowloom.json(
            "runs", "start", "greet-and-sign", "--input", "name=Ada",
            "--file", f"letter={letter}", "--wait",
        )  # fmt: skip
        greeting = "hello Ada (Dear Flowloom)"
        assert run["state"] == "Completed", run
        assert run["results"]["greeting"]["value"] == greeting
        manual_run = run["id"]
        logs = await flowloom("runs", "logs", manual_run)
        assert logs.stdout.splitlines() == [
            "[greet] greeting Ada",
            "[sign] signed with the project key",
        ]
        results_dir = tmp_path / "results"
        await flowloom("runs", "results", manual_run, "-o", str(results_dir))
        assert (results_dir / "signed.txt").read_text() == signed(KEY, "FL", greeting)
        summary = json.loads((results_dir / "results.json").read_text())
        assert summary["greeting"]["value"] == greeting  # scalars too, beside the files
        assert summary["signed"]["saved_as"] == "signed.txt"

        # Follow the log of a run still running: the command returns once it has ended.
        slow = await flowloom.json(
            "runs", "start", "greet-and-sign", "-i", "name=Slow", "-f", f"letter={letter}"
        )
        assert slow["state"] == "Running"  # the run as `runs show` gives it, as with --wait
        followed = await flowloom("runs", "logs", slow["id"], "--follow")
        assert followed.stdout.splitlines() == [
            "[greet] greeting Slow",
            "[greet] took my time",
            "[sign] signed with the project key",
        ]
        assert (await flowloom.json("runs", "show", slow["id"]))["state"] == "Completed"

        # A webhook: third parties call the URL the CLI shows.
        shown = await flowloom.json("workflows", "show", "greet-and-sign")
        webhook = shown["webhook_url"]
        assert webhook.startswith(f"{url}/api/runner/hooks/")
        text = await flowloom("workflows", "show", "greet-and-sign")
        assert webhook in text.stdout
        async with httpx.AsyncClient(timeout=60) as client:
            hooked = await client.post(
                webhook, data={"name": "Bob"}, files={"letter": ("bob.txt", b"From Bob\n")}
            )
        assert hooked.status_code == 202, hooked.text
        hook_run = hooked.json()["run_id"]
        finished = await until(
            lambda: flowloom.json("runs", "show", hook_run), lambda r: r["state"] != "Running"
        )
        assert finished["state"] == "Completed", finished
        listed = runs_by_id(await flowloom.json("runs", "list", "--workflow", "greet-and-sign"))
        assert listed[hook_run]["trigger_source"] == "webhook"
        assert {listed[manual_run]["trigger_source"], listed[slow["id"]]["trigger_source"]} == {
            "manual"
        }

        # A source trigger: the ticker starts two runs as soon as it is deployed.
        await flowloom("workflows", "import", str(tmp_path / "ticks.yaml"))
        await until(lambda: flowloom.json("workflows", "errors", "ticks"), lambda p: p == [])
        await flowloom("workflows", "deploy", "ticks", "--wait")
        ticks = await until(
            lambda: flowloom.json("runs", "list", "--workflow", "ticks"),
            lambda runs: len(runs) == 2 and all(r["state"] != "Running" for r in runs),
        )
        assert [r["state"] for r in ticks] == ["Completed", "Completed"], ticks
        assert {r["trigger_source"] for r in ticks} == {"source"}, ticks
        # What the source wrote is the deployment's log.
        await until(
            lambda: flowloom("workflows", "logs", "ticks"),
            lambda logs: logs.stdout.splitlines() == ["ticked"],
        )
        shown = await flowloom("workflows", "show", "ticks")
        assert "trigger state: running" in shown.stdout
        tick_files = tmp_path / "ticks"
        for tick in ticks:
            await flowloom("runs", "results", tick["id"], "-o", str(tick_files / tick["id"]))
        assert sorted((tick_files / t["id"] / "signed.txt").read_text() for t in ticks) == [
            signed(KEY, "tick", "tick 0"),
            signed(KEY, "tick", "tick 1"),
        ]
        # Undeployed before the backup, so the restored source does not tick again.
        await flowloom("workflows", "undeploy", "ticks", "--wait")

        exported = tmp_path / "greet-and-sign.zip"
        await flowloom("workflows", "export", "greet-and-sign", "-o", str(exported))
        with zipfile.ZipFile(exported) as archive:
            assert "name: greet-and-sign" in archive.read("workflow.yaml").decode()

        before = {
            "workflows": await flowloom.json("workflows", "list"),
            "runs": await flowloom.json("runs", "list"),
            "logs": logs.stdout,
        }
        await backup_wipe_restore(platform, tmp_path / "backup.tar")

        # Everything is still there, read through the CLI with the same configuration.
        after_workflows = await flowloom.json("workflows", "list")
        assert [(w["name"], w["id"]) for w in after_workflows] == [
            (w["name"], w["id"]) for w in before["workflows"]
        ]
        states = {w["name"]: w["deployment"]["state"] for w in after_workflows}
        assert states == {"greet-and-sign": "Deployed", "ticks": "Undeployed"}
        after_runs = await flowloom.json("runs", "list")
        assert [(r["id"], r["state"]) for r in after_runs] == [
            (r["id"], r["state"]) for r in before["runs"]
        ]
        assert (await flowloom("runs", "logs", manual_run)).stdout == before["logs"]
        restored_dir = tmp_path / "restored"
        await flowloom("runs", "results", manual_run, "-o", str(restored_dir))
        assert (restored_dir / "signed.txt").read_text() == signed(KEY, "FL", greeting)
        assert [v["name"] for v in await flowloom.json("variables", "list")] == ["label"]

        # And the restored platform works: the deployed workflow runs again, with the secret.
        again = await flowloom.json(
            "runs", "start", "greet-and-sign", "-i", "name=Eve", "-f", f"letter={letter}", "--wait"
        )
        assert again["state"] == "Completed", again
        await flowloom("runs", "results", again["id"], "-o", str(tmp_path / "again"))
        greeting_eve = "hello Eve (Dear Flowloom)"
        assert (tmp_path / "again" / "signed.txt").read_text() == signed(KEY, "FL", greeting_eve)


async def backup_wipe_restore(platform: Platform, archive: Path) -> None:
    """`flowloom-adm backup` of the running platform, then halt, wipe, restore, resume."""
    options, env = platform.adm_target()
    passphrase = archive.with_suffix(".passphrase")
    passphrase.write_text("a passphrase for the journey\n")
    options = [*options, "--passphrase-file", str(passphrase)]  # keys travel sealed with it
    adm = program("flowloom-adm")
    backed = await run_program([adm, "backup", "-o", str(archive), *options], env=env)
    assert backed.code == 0, str(backed)
    await platform.halt()
    await platform.wipe()
    restored = await run_program([adm, "restore", str(archive), *options], env=env)
    assert restored.code == 0, str(restored)
    await platform.resume()
