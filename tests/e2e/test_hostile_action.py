"""A hostile action, built from git and run like any other, tries to take over the platform.

Each attempt is one case, in embedded and in distributed mode: what the action tries is named
by the test (the host paths and process ids it would need), and the action reports what it
got. Every attempt must fail; the legitimate paths (a staged input, an uploaded output, /tmp,
a pip-installed requirement) must still work. Meanwhile a victim in another project holds a
password input, a file input and a marker in its own /tmp, which the probe tries to reach.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from flowloom.testkit import testing
from flowloom.testkit.actions import action, git_repository
from flowloom.testkit.harness import Platform

from .support import User, loopback_ports

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MARKER = f"victim-{uuid.uuid4().hex}"

PROBE = """\
import json, os, socket, time

ALLOWED_ENV = {"PATH", "HOME", "TMPDIR", "LANG", "PYTHONUNBUFFERED", "LC_CTYPE", "PWD"}


def attempt(do):
    try:
        return "GOT: " + str(do())[:300]
    except Exception as error:
        return "refused: " + type(error).__name__


def read(path):
    with open(path, "rb") as file:
        return file.read(200)


def each(paths, do):
    # Every target must be refused: one that is not is named.
    outcomes = {path: attempt(lambda: do(path)) for path in paths}
    got = {path: outcome for path, outcome in outcomes.items() if outcome.startswith("GOT")}
    return got or ("all refused" if paths else "no target")


def connect(port):
    for host in ("127.0.0.1", "::1"):
        try:
            socket.create_connection((host, port), timeout=1).close()
            return f"connected to {host}:{port}"
        except OSError:
            pass
    raise ConnectionRefusedError(port)


def write(path):
    with open(path, "w") as file:
        file.write("owned")
    return path


def find(marker):
    # Names everywhere it could write or see, contents of the small files among them.
    found, deadline = [], time.monotonic() + 20
    tops = ["/tmp", "/flowloom", "/run", "/dev/shm", "/home", "/root", "/var/tmp", "/srv", "/mnt"]
    found += [name for name in os.listdir("/") if marker in name]
    for top in tops:
        for folder, dirs, files in os.walk(top):
            if time.monotonic() > deadline:
                raise TimeoutError(f"still searching {folder}")
            found += [os.path.join(folder, n) for n in files + dirs if marker in n]
            for name in files:
                path = os.path.join(folder, name)
                try:
                    small = os.path.isfile(path) and os.path.getsize(path) < 1_000_000
                    if small and marker.encode() in read_all(path):
                        found.append(path)
                except OSError:
                    pass
    if found:
        return found
    raise FileNotFoundError(marker)


def read_all(path):
    with open(path, "rb") as file:
        return file.read()


def handle(inputs):
    t = json.loads(inputs["targets"])
    report = {
        "admin_password": each(t["admin_password"], read),
        "keys": each(t["keys"], read),
        "databases": each(t["databases"], read),
        "object_store_data": each(t["object_store"], read),
        "host_loopback_services": each(t["ports"], connect),
        "platform_environ": each([f"/proc/{p}/environ" for p in t["pids"]], read),
        "platform_cmdline": each([f"/proc/{p}/cmdline" for p in t["pids"]], read),
        "other_processes": attempt(lambda: [p for p in os.listdir("/proc") if p.isdigit()]),
        "platform_venv": each(t["venv"], lambda p: os.listdir(p)),
        "other_execution_files": each(t["victim_files"], read),
        "victim_marker_anywhere": attempt(lambda: find(t["marker"])),
        "write_outside": each(t["writes"], write),
        # Signal 0: the kernel checks the right to signal without delivering anything.
        "signal_runner": each(t["pids"], lambda p: os.kill(p, 0) or "may signal it"),
        "environment": sorted(set(os.environ) - ALLOWED_ENV) or "only the allow-list",
        "uid": [os.getuid(), os.getgid()],
    }
    # What must keep working.
    with open(inputs["letter"]) as file:
        report["input_staged"] = file.read()
    with open("/tmp/scratch.txt", "w") as file:
        file.write("scratch")
    report["tmp_write"] = open("/tmp/scratch.txt").read()
    import idna
    report["requirement"] = idna.encode("bücher.example").decode()
    with open("copy.txt", "w") as file:
        file.write(report["input_staged"].upper())
    return {"report": json.dumps(report), "copy": "copy.txt"}
"""

VICTIM = """\
import time

def handle(inputs):
    marker = inputs["marker"]
    with open(f"/tmp/{marker}.txt", "w") as file:
        file.write(marker + " " + inputs["password"])
    with open(f"{marker}-work.txt", "w") as file:
        file.write(marker)
    print("holding", flush=True)
    time.sleep(120)
    return {}
"""

ACTIONS = {
    "probe": action(
        "probe", ["targets:longstring", "letter:file"], ["report:longstring", "copy:file"], PROBE,
        requirements="idna>=3\n",
    ),
    "victim": action("victim", ["marker", "password:password", "doc:file"], [], VICTIM),
}  # fmt: skip


def workflow(name: str, step: str, inputs: dict[str, str]) -> bytes:
    """A manual trigger with `inputs` (name → type) handed to one step of action `step`."""
    lines = ["apiVersion: flowloom.dev/v1", "kind: Workflow", f"name: {name}", "trigger:"]
    lines += ["  manual:", "    outputs:"]
    lines += [f"      - {{name: {i}, type: {t}}}" for i, t in inputs.items()]
    lines += ["steps:", f"  - id: {step}", f"    action: {step}", "    inputs:"]
    lines += [f"      {i}: {{ref: trigger.{i}}}" for i in inputs]
    return "\n".join([*lines, ""]).encode()


async def deploy(user: User, body: bytes) -> str:
    imported = await user.call("POST", "/api/studio/workflows/import", 201, content=body)
    assert imported["problems"] == [], imported["problems"]
    workflow_id = str(imported["id"])
    await user.call("POST", f"/api/studio/workflows/{workflow_id}/deploy", 202)
    deployment = await user.until(
        f"/api/studio/workflows/{workflow_id}/deployment", "state", {"Deployed", "Error"}
    )
    assert deployment["state"] == "Deployed", deployment
    return workflow_id


async def in_store(user: User, names: set[str]) -> None:
    async def present() -> bool:
        store = await user.call("GET", "/api/studio/actions")
        return names <= {a["technical_name"] for a in store["items"]}

    await testing.eventually(present, within=60, step=0.2)


def targets(platform: Platform, temp: Path, victim_project: str) -> dict[str, Any]:
    """What the probe aims at: the platform's files, ports and processes on this host."""
    data = platform.data_dir
    files = lambda pattern: [str(p) for p in data.rglob(pattern) if p.is_file()]  # noqa: E731
    object_store = [str(p) for p in (data / "objectstore").rglob("*") if p.is_file()][:20]
    for session_store in temp.glob("seaweed*"):  # the distributed platform's S3 (session)
        object_store += [str(p) for p in session_store.rglob("*") if p.is_file()][:20]
    victim_files = [str(p) for p in Path("/tmp").glob(f"flowloom-wrappers-*/*/tmp/{MARKER}*")]
    victim_files += files(f"file-cache/{victim_project}/*")
    return {
        "admin_password": files("admin-password"),
        "keys": files("keys/*") + files("s3-credentials.json"),
        "databases": files("*.db"),
        "object_store": object_store + files("s3.json"),
        "ports": loopback_ports(),
        "pids": list(platform.pids()),
        "venv": [sys.prefix, str(Path(__file__).resolve().parents[2])],
        "victim_files": victim_files,
        "marker": MARKER,
        "writes": [
            "/flowloom/action/owned.txt",
            "/flowloom/venv/owned.txt",
            "/usr/owned.txt",
            "/etc/owned.txt",
            "/owned.txt",
            str(data / "owned.txt"),
        ],
    }


@pytest.fixture(scope="module")
async def report(
    shared_platform: Platform, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The probe's report, taken while a victim of another project holds its files."""
    platform = shared_platform
    attacker = User(platform, *await platform.project_token("attacker"))
    victim = User(platform, *await platform.project_token("victim"))
    repo = git_repository(tmp_path_factory.mktemp("hostile") / "repo", ACTIONS)
    for user, name in ((attacker, "probe"), (victim, "victim")):
        built = await user.build_all(f"file://{repo}")
        assert built[name]["state"] == "Built", built[name]
        await in_store(user, {name})

    held_inputs = {"marker": "string", "password": "password", "doc": "file"}
    victim_flow = await deploy(victim, workflow("victim", "victim", held_inputs))
    held = await victim.call(
        "POST", f"/api/runner/workflows/{victim_flow}/runs", 201,
        data={"marker": MARKER, "password": f"pw-{MARKER}"},
        files={"doc": ("doc.txt", f"victim document {MARKER}".encode())},
    )  # fmt: skip
    held_run = f"/api/runner/runs/{held['run_id']}"

    async def holding() -> bool:
        run = await victim.call("GET", held_run)
        execution = run["executions"][0]
        if execution["state"] != "Running":
            return False
        logs = await victim.call("GET", f"{held_run}/executions/{execution['id']}/logs")
        return any("holding" in line["line"] for line in logs["items"])

    await testing.eventually(holding, within=120, step=0.2)

    probe_flow = await deploy(
        attacker, workflow("probe", "probe", {"targets": "longstring", "letter": "file"})
    )
    temp = tmp_path_factory.getbasetemp()
    aimed = json.dumps(targets(platform, temp, victim.project_id))
    started = await attacker.call(
        "POST", f"/api/runner/workflows/{probe_flow}/runs", 201,
        params={"wait": 50}, data={"targets": aimed},
        files={"letter": ("letter.txt", b"dear platform")},
    )  # fmt: skip
    run = await attacker.until(
        f"/api/runner/runs/{started['run_id']}", "state", {"Completed", "Error", "Canceled"}
    )
    await victim.call("POST", f"{held_run}/cancel")
    assert run["state"] == "Completed", run
    outputs = run["executions"][0]["outputs"]
    copy = await platform.request(
        "GET", f"/api/runner/runs/{run['id']}/files",
        params={"key": outputs["copy"]["value"]["key"]}, headers=attacker.headers,
        follow_redirects=True,
    )  # fmt: skip
    found: dict[str, Any] = json.loads(outputs["report"]["value"])
    found["output_uploaded"] = copy.text
    found["targets"] = json.loads(aimed)
    return found


REFUSED = [
    "admin_password",
    "object_store_data",
    "host_loopback_services",
    "platform_environ",
    "platform_cmdline",
    "platform_venv",
    "other_execution_files",
    "write_outside",
    "signal_runner",
]


@pytest.mark.parametrize("attack", REFUSED)
def test_hostile_action_is_refused(report: dict[str, Any], attack: str) -> None:
    assert report[attack] == "all refused", report[attack]


@pytest.mark.parametrize(
    ("attack", "elsewhere"), [("keys", "platform_environ"), ("databases", "host_loopback_services")]
)
def test_hostile_action_reads_no_key_and_no_database(
    report: dict[str, Any], shared_platform: Platform, attack: str, elsewhere: str
) -> None:
    """Embedded, keys and SQLite files are in the data dir; distributed, the keys are the
    services' environment and the databases PostgreSQL's, both attacked elsewhere."""
    if shared_platform.mode == "embedded":
        assert report[attack] == "all refused", report[attack]
    else:
        assert report[attack] == "no target"
        assert report[elsewhere] == "all refused", report[elsewhere]
        assert 5432 in report["targets"]["ports"]  # PostgreSQL's port was attacked


def test_hostile_action_had_targets_to_attack(report: dict[str, Any]) -> None:
    """The attacks above aimed at things that exist (an empty list proves nothing)."""
    aimed = report["targets"]
    for name in ("admin_password", "ports", "pids", "victim_files", "object_store"):
        assert aimed[name], name
    assert any(Path(path).name.startswith(MARKER) for path in aimed["victim_files"])


def test_hostile_action_sees_no_platform_process(report: dict[str, Any]) -> None:
    pids = report["other_processes"]
    assert pids.startswith("GOT: "), pids
    seen = {int(pid) for pid in re.findall(r"\d+", pids.removeprefix("GOT: "))}
    assert not seen & set(report["targets"]["pids"]), seen
    assert len(seen) <= 3, seen  # its sandbox's first process, the wrapper, what it starts


def test_hostile_action_finds_no_trace_of_the_victim(report: dict[str, Any]) -> None:
    assert report["victim_marker_anywhere"] == "refused: FileNotFoundError"


def test_hostile_action_gets_only_the_allowed_environment(report: dict[str, Any]) -> None:
    assert report["environment"] == "only the allow-list"
    assert report["uid"] == [65534, 65534]


def test_legitimate_paths_still_work_in_the_sandbox(report: dict[str, Any]) -> None:
    assert report["input_staged"] == "dear platform"
    assert report["tmp_write"] == "scratch"
    assert report["requirement"] == "xn--bcher-kva.example"
    assert report["output_uploaded"] == "DEAR PLATFORM"
