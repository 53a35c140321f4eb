"""Scanning real git repositories at a branch, tag or commit through the git CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowloom.repository.domain.action import ScanError
from flowloom.repository.domain.scan import ScanFailed, ScanResult
from flowloom.repository.domain.validation import V1_MESSAGE
from flowloom.repository.infrastructure.git.client import GitClient
from flowloom.repository.infrastructure.scanning.repository_scan import scan_repository

from .git_repos import commit_all, git, init_repo, write_action

pytestmark = pytest.mark.integration

USERNAME = "scan-user-7f3a"
PASSWORD = "s3cret-token-9b1c"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "origin"
    init_repo(root)
    write_action(root, "actions/proc", "Processor", "proc")
    write_action(root, "actions/src", "Source", "src")
    write_action(root, "actions/src/nested", "Processor", "nested")
    write_action(root, "legacy/old", "Processor", "old", api_version="ryax.tech/v1")
    commit_all(root, "first")
    return root


@pytest.fixture
def client(tmp_path: Path) -> GitClient:
    return GitClient(tmp_path / "cache")


def by_path(result: ScanResult) -> dict[str, str]:
    return {action.path: action.definition.id for action in result.actions}


def digests(result: ScanResult) -> dict[str, str]:
    return {action.path: action.digest for action in result.actions}


async def test_returns_valid_actions_and_v1_error_when_one_action_is_bad(
    repo: Path, client: GitClient
) -> None:
    result = await scan_repository(client, str(repo), "main")

    assert result.sha == git(repo, "rev-parse", "HEAD")
    assert result.ref == "main"
    assert by_path(result) == {"actions/proc": "proc", "actions/src": "src"}
    assert result.errors == [
        ScanError("legacy/old/ryax_metadata.yaml", 1, "apiVersion", V1_MESSAGE)
    ]


async def test_ignores_nested_action_when_inside_another_action(
    repo: Path, client: GitClient
) -> None:
    result = await scan_repository(client, f"file://{repo}", "main")

    assert "actions/src/nested" not in by_path(result)
    assert all("nested" not in error.path for error in result.errors)


async def test_scans_right_commit_when_ref_is_branch_tag_or_short_sha(
    repo: Path, client: GitClient
) -> None:
    first = git(repo, "rev-parse", "HEAD")
    git(repo, "tag", "v1.0")
    git(repo, "checkout", "--quiet", "-b", "feature")
    write_action(repo, "actions/extra", "Processor", "extra")
    feature = commit_all(repo, "feature")

    on_tag = await scan_repository(client, str(repo), "v1.0")
    on_branch = await scan_repository(client, str(repo), "feature")
    on_short = await scan_repository(client, str(repo), first[:8])

    assert on_tag.sha == first
    assert "actions/extra" not in by_path(on_tag)
    assert on_branch.sha == feature
    assert by_path(on_branch)["actions/extra"] == "extra"
    assert on_short.sha == first
    assert by_path(on_short) == by_path(on_tag)


async def test_keeps_digest_when_action_is_unchanged_between_commits(
    repo: Path, client: GitClient
) -> None:
    before = await scan_repository(client, str(repo), "main")
    (repo / "actions/proc/ryax_handler.py").write_text("def handle(inputs):\n    return {1: 2}\n")
    commit_all(repo, "change proc")

    after = await scan_repository(client, str(repo), "main")

    assert after.sha != before.sha
    assert digests(after)["actions/src"] == digests(before)["actions/src"]
    assert digests(after)["actions/proc"] != digests(before)["actions/proc"]


async def test_sees_new_commit_when_cache_is_reused(
    repo: Path, client: GitClient, tmp_path: Path
) -> None:
    await scan_repository(client, str(repo), "main")
    write_action(repo, "actions/late", "Publisher", "late")
    new_sha = commit_all(repo, "late")

    again = await scan_repository(GitClient(tmp_path / "cache"), str(repo), "main")

    assert again.sha == new_sha
    assert by_path(again)["actions/late"] == "late"
    assert len(list((tmp_path / "cache").glob("*.git"))) == 1


async def test_raises_scan_failed_naming_ref_when_ref_is_unknown(
    repo: Path, client: GitClient
) -> None:
    with pytest.raises(ScanFailed, match="unknown ref 'no-such-branch'"):
        await scan_repository(client, str(repo), "no-such-branch")


async def test_raises_scan_failed_when_path_does_not_exist(
    tmp_path: Path, client: GitClient
) -> None:
    with pytest.raises(ScanFailed, match="cannot reach repository") as raised:
        await scan_repository(
            client, str(tmp_path / "missing"), "main", username=USERNAME, password=PASSWORD
        )

    assert PASSWORD not in str(raised.value)


async def test_removes_worktree_when_scan_is_done(repo: Path, client: GitClient) -> None:
    _sha, worktree = await client.checkout(str(repo), "main")
    assert (worktree / "actions/proc/ryax_handler.py").is_file()

    await client.release(worktree)

    assert not worktree.exists()


async def test_never_stores_credentials_when_given_with_file_url(
    repo: Path, client: GitClient, tmp_path: Path
) -> None:
    url = f"file://{repo}"
    result = await scan_repository(client, url, "main", username=USERNAME, password=PASSWORD)
    with pytest.raises(ScanFailed) as raised:
        await scan_repository(client, url, "nope", username=USERNAME, password=PASSWORD)

    assert by_path(result) == {"actions/proc": "proc", "actions/src": "src"}
    assert PASSWORD not in repr(result)
    assert USERNAME not in repr(result)
    assert PASSWORD not in str(raised.value)
    for stored in (tmp_path / "cache").rglob("*"):
        if stored.is_file():
            assert PASSWORD.encode() not in stored.read_bytes(), stored
    config = next((tmp_path / "cache").glob("*.git/config")).read_text()
    assert PASSWORD not in config
    assert USERNAME not in config
