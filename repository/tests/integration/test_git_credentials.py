"""Credentials reach git only through the askpass helper, checked against a real HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from flowloom.repository.domain.scan import ScanFailed
from flowloom.repository.infrastructure.git.client import GitClient
from flowloom.repository.infrastructure.scanning.repository_scan import scan_repository

from .git_repos import one_action_repo
from .https_git import basic_auth, served_repository

pytestmark = pytest.mark.integration

USERNAME = "http-user-41d2"
PASSWORD = "http-token-88ae"


@pytest.fixture
def http_url(tmp_path: Path) -> Iterator[str]:
    origin = tmp_path / "origin"
    one_action_repo(origin, "actions/proc", "proc")
    with served_repository(origin, tmp_path, basic_auth(USERNAME, PASSWORD)) as url:
        yield f"{url}/repo.git"


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
