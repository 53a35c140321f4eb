"""`flowloom-adm up`: one origin, generated admin, clean stop, data kept across restarts."""

from __future__ import annotations

import json
import shutil
import socket
import stat
from pathlib import Path

import httpx
import pytest

from flowloom.servicekit import testing

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
    assert "Created user 'admin'" in first.log()
    assert not port_open(port)

    second = start(data_dir, port, tmp_path / "second.log")
    try:
        assert login(base, "keeper", "kept across restarts").status_code == 200
        assert login(base, "admin", password).status_code == 200
        assert password_file.read_text().strip() == password
    finally:
        assert second.stop() == 0
    assert "Created user 'admin'" not in second.log()


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
        for service in ("authorization", "repository", "studio", "runner"):
            assert (data_dir / "databases" / f"{service}.db").exists()
    finally:
        assert process.stop() == 0
    assert not port_open(s3_port), "the object store must stop with the platform"
