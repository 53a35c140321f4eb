"""Fetch an action's source archive from the object store and extract it safely."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flowloom.action_builder.domain.errors import BuildStepFailed
from flowloom.action_builder.domain.log import BuildLog
from flowloom.action_builder.domain.ports import ActionSource, SourceFetcher
from flowloom.action_builder.infrastructure.archives import UnsafeArchive, extract_untrusted
from flowloom.action_builder.infrastructure.objectstore.s3 import S3ObjectStore
from flowloom.servicekit.objectstore import s3_location

METADATA = "ryax_metadata.yaml"
MAX_SOURCE_BYTES = 2 << 30  # actions are at most 1 GB (docs/action-format.md); some slack


@dataclass(eq=False)
class S3SourceFetcher(SourceFetcher):
    store: S3ObjectStore
    max_bytes: int = MAX_SOURCE_BYTES

    async def fetch(self, archive: str, into: Path, log: BuildLog) -> ActionSource:
        try:
            bucket, key = s3_location(archive)
        except ValueError as error:
            raise BuildStepFailed(f"the source archive reference is invalid: {error}") from error
        with tempfile.TemporaryDirectory(dir=into.parent) as scratch:
            local = Path(scratch) / "source.tar.gz"
            if not await self.store.download(key, local, bucket=bucket):
                raise BuildStepFailed(f"the source archive {archive} does not exist")
            log.write(f"downloaded {archive} ({local.stat().st_size} bytes)")
            try:
                await asyncio.to_thread(extract_untrusted, local, into, self.max_bytes)
            except UnsafeArchive as error:
                raise BuildStepFailed(f"the source archive is refused: {error}") from error
        await asyncio.to_thread(_unwrap_single_directory, into)
        requirements = into / "requirements.txt"
        text = requirements.read_text(errors="replace") if requirements.is_file() else ""
        log.write(
            f"requirements.txt: {len(text.splitlines())} line(s)"
            if text
            else "requirements.txt: none"
        )
        return ActionSource(into, text)


def _unwrap_single_directory(root: Path) -> None:
    """Accept an archive whose action sits in one top directory (`name/ryax_metadata.yaml`)."""
    entries = list(root.iterdir())
    if (root / METADATA).exists() or len(entries) != 1:
        return
    inner = entries[0]
    if inner.is_symlink() or not inner.is_dir() or not (inner / METADATA).is_file():
        return
    moved = inner.rename(root / ".unwrapping")  # a child may share the directory's name
    for child in moved.iterdir():
        shutil.move(str(child), root / child.name)
    moved.rmdir()
