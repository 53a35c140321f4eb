"""git goes where the gate checked: the pinned address, no redirect, the real path."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from flowloom.repository.domain.reach import Admission, locate
from flowloom.repository.domain.scan import ScanFailed
from flowloom.repository.infrastructure.git.client import GitClient

from .git_repos import git, one_action_repo
from .https_git import PINNED_NAME, QuietHandler, https_repository, served_repository

pytestmark = pytest.mark.integration


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    origin = tmp_path / "origin"
    one_action_repo(origin, "actions/proc", "proc")
    return origin


class _Redirecting(QuietHandler):
    """Serves /repo.git; answers every /moved/... with a redirect to /repo.git/..."""

    def do_GET(self) -> None:
        if self.path.startswith("/moved/"):
            self.answer_empty(301, {"Location": "/repo.git/" + self.path.removeprefix("/moved/")})
            return
        super().do_GET()


@pytest.fixture
def redirecting(origin: Path, tmp_path: Path) -> Iterator[str]:
    with served_repository(origin, tmp_path, _Redirecting) as url:
        yield url


async def test_follows_no_redirect_when_server_answers_one(
    redirecting: str, tmp_path: Path
) -> None:
    client = GitClient(tmp_path / "cache")
    sha, worktree = await client.checkout(f"{redirecting}/repo.git", "main")
    await client.release(worktree)

    with pytest.raises(ScanFailed) as failed:
        await client.checkout(f"{redirecting}/moved", "main")

    assert len(sha) == 40
    assert failed.value.message.endswith("The requested URL returned error: 301")


async def test_connects_to_pinned_address_when_admitted_with_it(
    origin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = GitClient(tmp_path / "cache", work_dir=tmp_path / "work")
    with https_repository(origin, tmp_path / "https", "u", "pw-3c9d") as (served, cert):
        monkeypatch.setenv("GIT_SSL_CAINFO", str(cert))
        url = served.replace("127.0.0.1", PINNED_NAME)
        pinned = Admission(url, locate(url), url, ("127.0.0.1",))
        with pytest.raises(ScanFailed, match="cannot reach repository"):
            await client.checkout(url, "main", username="u", password="pw-3c9d")
        sha, worktree = await client.checkout(
            url, "main", username="u", password="pw-3c9d", admission=pinned
        )

    assert sha == git(origin, "rev-parse", "HEAD")
    assert worktree.is_relative_to(tmp_path / "work")
    await client.release(worktree)


async def test_reads_admitted_real_path_when_url_names_a_symlink(
    origin: Path, tmp_path: Path
) -> None:
    decoy = tmp_path / "decoy"
    one_action_repo(decoy, "actions/other", "other", "decoy")
    (tmp_path / "link").symlink_to(decoy)
    url = f"file://{tmp_path}/link"
    checked = Admission(url, locate(url), f"file://{origin}")
    client = GitClient(tmp_path / "cache")

    sha, worktree = await client.checkout(url, "main", admission=checked)

    assert sha == git(origin, "rev-parse", "HEAD")
    assert (worktree / "actions" / "proc").is_dir()
    await client.release(worktree)


async def test_connects_ssh_to_pinned_address_when_admitted_with_it(tmp_path: Path) -> None:
    if shutil.which("ssh") is None:
        pytest.skip("no ssh client on this machine")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    url = f"ssh://git@{PINNED_NAME}:{listener.getsockname()[1]}/repo.git"
    client = GitClient(tmp_path / "cache")
    pinned = Admission(url, locate(url), url, ("127.0.0.1",))
    connections: list[object] = []

    def accept_one() -> None:
        with contextlib.suppress(OSError):
            connection, _ = listener.accept()
            connections.append(connection.getpeername())
            connection.close()

    with pytest.raises(ScanFailed):
        await client.checkout(url, "main")  # the name resolves nowhere: no connection
    unpinned = list(connections)
    accepting = threading.Thread(target=accept_one)
    accepting.start()
    with pytest.raises(ScanFailed):
        await client.checkout(url, "main", admission=pinned)
    accepting.join()
    listener.close()

    assert unpinned == []
    assert len(connections) == 1
