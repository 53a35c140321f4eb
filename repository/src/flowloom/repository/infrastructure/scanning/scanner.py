"""GitRepositoryScanner: the RepositoryScanner port on the git CLI, the scanner and S3."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from flowloom.repository.domain.ports import RepositoryScanner
from flowloom.repository.domain.reach import Admission
from flowloom.repository.domain.scan import ScannedAction, ScanResult
from flowloom.repository.domain.source import REMOTE_HEAD, Credentials
from flowloom.repository.infrastructure.git.client import GitClient
from flowloom.repository.infrastructure.objectstore.s3 import S3ObjectStore
from flowloom.repository.infrastructure.scanning.archive import action_archive, action_logo
from flowloom.repository.infrastructure.scanning.repository_scan import scan_worktree


@dataclasses.dataclass(eq=False)
class GitRepositoryScanner(RepositoryScanner):
    """Each valid action's directory is archived under `sources/<project>/<digest>.tar.gz`."""

    git: GitClient
    store: S3ObjectStore

    async def scan(
        self, project_id: str, source: Admission, ref: str, credentials: Credentials | None
    ) -> ScanResult:
        given = credentials or Credentials()
        if ref == REMOTE_HEAD:  # the source names no branch: the remote's default one
            ref = await self.git.remote_head(
                source.url,
                username=given.username,
                password=given.password,
                ssh_key=given.ssh_private_key,
                admission=source,
            )
        sha, worktree = await self.git.checkout(
            source.url,
            ref,
            username=given.username,
            password=given.password,
            ssh_key=given.ssh_private_key,
            admission=source,
        )
        try:
            result = await asyncio.to_thread(scan_worktree, worktree, sha, ref)
            stored = [await self._store_action(project_id, worktree, a) for a in result.actions]
        finally:
            await self.git.release(worktree)
        return dataclasses.replace(result, actions=stored)

    async def _store_action(
        self, project_id: str, worktree: Path, found: ScannedAction
    ) -> ScannedAction:
        action_dir = worktree / found.path
        archive = await asyncio.to_thread(action_archive, action_dir)
        key = f"sources/{project_id}/{found.digest}.tar.gz"
        reference = await self.store.put_if_absent(key, archive, "application/gzip")
        logo = await asyncio.to_thread(action_logo, action_dir, found.definition)
        return dataclasses.replace(
            found,
            source_archive=reference,
            logo=None if logo is None else logo[0],
            logo_media_type=None if logo is None else logo[1],
        )
