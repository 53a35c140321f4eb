"""Scans every action of a git repository at one branch, tag or commit."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Protocol

from flowloom.repository.domain.action import ActionDefinition
from flowloom.repository.domain.scan import ScannedAction, ScanResult
from flowloom.repository.infrastructure.scanning.digest import action_digest
from flowloom.repository.infrastructure.scanning.directory import find_action_dirs, scan_action_dir


class RepositoryCheckout(Protocol):
    """Checks out a repository at a ref into a temporary worktree (GitClient implements it)."""

    async def checkout(
        self,
        url: str,
        ref: str,
        *,
        username: str | None = None,
        password: str | None = None,
        ssh_key: str | None = None,
    ) -> tuple[str, Path]: ...

    async def release(self, worktree: Path) -> None: ...


async def scan_repository(
    client: RepositoryCheckout,
    url: str,
    ref: str,
    *,
    username: str | None = None,
    password: str | None = None,
) -> ScanResult:
    """Check out url at ref and scan each action; raises ScanFailed for whole-repository errors."""
    sha, worktree = await client.checkout(url, ref, username=username, password=password)
    try:
        return await asyncio.to_thread(scan_worktree, worktree, sha, ref)
    finally:
        await client.release(worktree)


def scan_worktree(root: Path, sha: str, ref: str) -> ScanResult:
    """Validate every action directory under root (blocking: run it in a thread)."""
    result = ScanResult(sha=sha, ref=ref)
    for action_dir in find_action_dirs(root):
        path = action_dir.relative_to(root).as_posix()
        found = scan_action_dir(root, action_dir)
        if isinstance(found, ActionDefinition):
            result.actions.append(ScannedAction(path, found, action_digest(action_dir)))
        else:
            result.errors.extend(found)
            result.rejected[path] = list(found)
    return result
