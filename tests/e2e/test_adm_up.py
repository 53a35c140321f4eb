"""`flowloom-adm up`: one origin, generated admin, clean stop, data kept across restarts (also
after `kill -9`: its object store dies with it, or is stopped by the next `up`)."""

from __future__ import annotations

import io
import json
import shutil
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from minio import Minio

from flowloom.adm.running import running
from flowloom.servicekit.processes import alive, command_line, terminate
from flowloom.testkit import testing

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def start(data_dir: Path, port: int, log: Path, s3_port: int = 0) -> testing.ServiceProcess:
    adm = shutil.which("flowloom-adm")
    assert adm
    command = [adm, "up", "--data-dir", str(data_dir), "--port", str(port)]
    command += ["--s3-port", str(s3_port)]
    process = testing.ServiceProcess(command, {}, log)
    process.wait_healthy(f"http://127.0.0.1:{port}/api/authorization/healthz")
    return process


def login(base: str, username: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{base}/api/authorization/login", json={"username": username, "password": password}
    )


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_keeps_users_and_stops_everything_when_restarted(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", testing.free_port()
    base = f"http://127.0.0.1:{port}"
    first = start(data_dir, port, tmp_path / "first.log")
    try:
        password_file = data_dir / "admin-password"
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        password = password_file.read_text().strip()
        assert len(password) >= 24
        token = login(base, "admin", password).json()["access_token"]
        created = httpx.post(
            f"{base}/api/authorization/users",
            json={"username": "keeper", "password": "kept across restarts"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert created.status_code == 201
        for service in ("authorization", "repository", "action-builder", "studio", "runner"):
            health = httpx.get(f"{base}/api/{service}/healthz")
            assert health.status_code == 200, (service, health.text)
        unknown = httpx.get(f"{base}/api/nothing/here")
        assert unknown.status_code == 404
        assert unknown.headers["content-type"] == "application/problem+json"
    finally:
        assert first.stop() == 0
    assert "Created user 'admin'" in first.log(tail=None)
    # actions run sandboxed here: nothing to warn of
    assert "bubblewrap" not in first.log(tail=None)
    assert not port_open(port)

    second = start(data_dir, port, tmp_path / "second.log")
    try:
        assert login(base, "keeper", "kept across restarts").status_code == 200
        assert login(base, "admin", password).status_code == 200
        assert password_file.read_text().strip() == password
    finally:
        assert second.stop() == 0
    assert "Created user 'admin'" not in second.log(tail=None)


def test_runs_object_store_on_loopback_with_generated_keys(tmp_path: Path) -> None:
    data_dir, port, s3_port = tmp_path / "data", testing.free_port(), testing.free_port()
    process = start(data_dir, port, tmp_path / "adm.log", s3_port)
    try:
        anonymous = httpx.get(f"http://127.0.0.1:{s3_port}/")
        assert anonymous.status_code == 403, "the object store must refuse unsigned requests"
        keys = json.loads((data_dir / "s3-credentials.json").read_text())
        assert stat.S_IMODE((data_dir / "s3-credentials.json").stat().st_mode) == 0o600
        assert keys["access_key"]
        assert keys["secret_key"]
        config = json.loads((data_dir / "objectstore" / "s3.json").read_text())
        assert config["identities"][0]["credentials"][0]["secretKey"] == keys["secret_key"]
        for service in ("authorization", "repository", "action-builder", "studio", "runner"):
            assert (data_dir / "databases" / f"{service}.db").exists()
    finally:
        assert process.stop() == 0
    assert not port_open(s3_port), "the object store must stop with the platform"


def path_without(root: Path, missing: str) -> str:
    """A PATH with every program of this machine but `missing`."""
    kept = root / f"bin-without-{missing}"
    kept.mkdir()
    for directory in ("/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin", "/sbin"):
        for program in Path(directory).glob("*"):
            if program.name != missing and not (kept / program.name).exists():
                (kept / program.name).symlink_to(program)
    return f"{Path(shutil.which('flowloom-adm') or '').parent}:{kept}"


@pytest.mark.parametrize(
    ("allowed", "said"),
    [
        ({}, "actions are not started: bubblewrap (bwrap) is not installed"),
        ({"FLOWLOOM_RUNNER_ALLOW_UNSANDBOXED": "1"}, "bubblewrap (bwrap) is not installed and"),
    ],
)
def test_says_once_and_loudly_how_actions_run_when_bwrap_is_missing(
    tmp_path: Path, allowed: dict[str, str], said: str
) -> None:
    port = testing.free_port()
    adm = shutil.which("flowloom-adm")
    assert adm
    command = [adm, "up", "--data-dir", str(tmp_path / "data"), "--port", str(port)]
    env = {"PATH": path_without(tmp_path, "bwrap"), **allowed}
    process = testing.ServiceProcess(command, env, tmp_path / "up.log")
    try:
        process.wait_healthy(f"http://127.0.0.1:{port}/api/runner/healthz")
    finally:
        assert process.stop() == 0
    log = process.log(tail=None)  # the banner comes first, before every migration's line
    assert f"WARNING: {said}" in " ".join(log.split())  # rich wraps long lines
    assert ("WITHOUT a sandbox" in log) == bool(allowed)
    assert log.count("WARNING: ") == 1  # the banner, once (the runner's log line aside)


def weed_processes(data_dir: Path) -> list[int]:
    """Every `weed` serving the data dir's object store, as /proc shows them."""
    wanted = f"-dir={data_dir.resolve() / 'objectstore'}"
    found = []
    for entry in Path("/proc").iterdir():
        arguments = command_line(int(entry.name)) if entry.name.isdigit() else []
        if arguments and Path(arguments[0]).name == "weed" and wanted in arguments:
            found.append(int(entry.name))
    return found


def gone(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def bucket(data_dir: Path) -> tuple[Minio, str]:
    found = running(data_dir)
    assert found is not None
    keys = json.loads((data_dir / "s3-credentials.json").read_text())
    client = Minio(
        urlsplit(found.s3_url).netloc, keys["access_key"], keys["secret_key"], secure=False
    )
    return client, "kept-across-kills"


def write_data(base: str, data_dir: Path) -> str:
    """A user in a service database and an object in the object store; the admin's password."""
    password = (data_dir / "admin-password").read_text().strip()
    token = login(base, "admin", password).json()["access_token"]
    created = httpx.post(
        f"{base}/api/authorization/users",
        json={"username": "keeper", "password": "kept across kills"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert created.status_code == 201, created.text
    client, name = bucket(data_dir)
    client.make_bucket(name)
    client.put_object(name, "object", io.BytesIO(b"kept"), 4)
    return password


def assert_data_kept(base: str, data_dir: Path, password: str) -> None:
    assert login(base, "keeper", "kept across kills").status_code == 200
    assert login(base, "admin", password).status_code == 200
    client, name = bucket(data_dir)
    assert client.get_object(name, "object").read() == b"kept"


def kill_9(process: testing.ServiceProcess) -> None:
    process.process.kill()
    process.process.wait()
    process.stop()  # closes its log


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """The installation's folder; a `weed` a failed test left serving it is stopped after."""
    data_dir = tmp_path / "data"
    yield data_dir
    for pid in weed_processes(data_dir):
        terminate(pid)


def test_serves_its_data_again_when_restarted_after_kill_9(tmp_path: Path, data_dir: Path) -> None:
    port = testing.free_port()
    base = f"http://127.0.0.1:{port}"
    first = start(data_dir, port, tmp_path / "first.log")
    try:
        weeds = weed_processes(data_dir)
        password = write_data(base, data_dir)
    finally:
        kill_9(first)
    assert len(weeds) == 1
    assert gone(weeds), "the object store must die with `up`"

    second = start(data_dir, port, tmp_path / "second.log")
    try:
        assert_data_kept(base, data_dir, password)
        holder = running(data_dir)
        assert holder is not None
        assert holder.pid == second.process.pid  # the lock is the new `up`'s
    finally:
        assert second.stop() == 0
    assert not weed_processes(data_dir)


def test_stops_the_object_store_a_killed_up_left_when_started(
    tmp_path: Path, data_dir: Path
) -> None:
    port = testing.free_port()
    base = f"http://127.0.0.1:{port}"
    adm = shutil.which("flowloom-adm")
    assert adm
    command = [adm, "up", "--data-dir", str(data_dir), "--port", str(port)]
    # Without setpriv, `weed` cannot be told to die with `up`: it outlives the kill.
    env = {"PATH": path_without(tmp_path, "setpriv")}
    first = testing.ServiceProcess(command, env, tmp_path / "first.log")
    try:
        first.wait_healthy(f"{base}/api/authorization/healthz")
        password = write_data(base, data_dir)
    finally:
        kill_9(first)
    orphans = weed_processes(data_dir)
    assert len(orphans) == 1, "a weed outlives an `up` killed where setpriv is missing"

    second = start(data_dir, port, tmp_path / "second.log")
    try:
        assert gone(orphans, within=0)
        assert_data_kept(base, data_dir, password)
    finally:
        assert second.stop() == 0
    assert f"Stopped the object store (pid {orphans[0]})" in second.log()
    assert not weed_processes(data_dir)
