"""Credentials reach git only through the askpass helper, checked against a real HTTP server."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from flowloom.repository.domain.scan import ScanFailed
from flowloom.repository.infrastructure.git.client import GitClient
from flowloom.repository.infrastructure.scanning.repository_scan import scan_repository

from .git_repos import commit_all, git, init_repo, write_action

pytestmark = pytest.mark.integration

USERNAME = "http-user-41d2"
PASSWORD = "http-token-88ae"
EXPECTED = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()


class _BasicAuthHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.headers.get("Authorization") != EXPECTED:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_url(tmp_path: Path) -> Iterator[str]:
    origin = tmp_path / "origin"
    init_repo(origin)
    write_action(origin, "actions/proc", "Processor", "proc")
    commit_all(origin, "first")
    served = tmp_path / "served"
    served.mkdir()
    git(served, "clone", "--quiet", "--bare", str(origin), str(served / "repo.git"))
    git(served / "repo.git", "update-server-info")
    handler = partial(_BasicAuthHandler, directory=str(served))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo.git"
    server.shutdown()
    server.server_close()


async def test_fetches_over_http_when_credentials_are_right(http_url: str, tmp_path: Path) -> None:
    client = GitClient(tmp_path / "cache", timeout=20)

    result = await scan_repository(client, http_url, "main", username=USERNAME, password=PASSWORD)

    assert [action.path for action in result.actions] == ["actions/proc"]
    config = next((tmp_path / "cache").glob("*.git/config")).read_text()
    assert PASSWORD not in config
    assert PASSWORD not in repr(result)


async def test_raises_authentication_failure_when_password_is_wrong(
    http_url: str, tmp_path: Path
) -> None:
    client = GitClient(tmp_path / "cache", timeout=20)

    with pytest.raises(ScanFailed, match="authentication failed") as raised:
        await scan_repository(client, http_url, "main", username=USERNAME, password="wrong-pw-1")

    assert "wrong-pw-1" not in str(raised.value)


async def test_raises_authentication_failure_when_credentials_are_missing(
    http_url: str, tmp_path: Path
) -> None:
    client = GitClient(tmp_path / "cache", timeout=20)

    with pytest.raises(ScanFailed, match="authentication failed"):
        await scan_repository(client, http_url, "main")
