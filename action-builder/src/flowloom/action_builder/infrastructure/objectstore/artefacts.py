"""Cached environments, artefacts and build logs in the builder's bucket."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flowloom.action_builder.domain.build import Artefact
from flowloom.action_builder.domain.log import BuildLog
from flowloom.action_builder.domain.ports import ArtefactStore
from flowloom.action_builder.infrastructure import archives
from flowloom.action_builder.infrastructure.objectstore.s3 import S3ObjectStore

TAR_GZ = "application/gzip"


@dataclass(eq=False)
class S3ArtefactStore(ArtefactStore):
    """Keys: `cache/venv/<key>.tar.gz`, `venv/<sha256>.tar.gz`, `logs/<build_id>.log`."""

    store: S3ObjectStore

    async def restore_environment(self, key: str, venv: Path, log: BuildLog) -> bool:
        with tempfile.TemporaryDirectory(dir=venv.parent) as scratch:
            archive = Path(scratch) / "venv.tar.gz"
            if not await self.store.download(_cache_key(key), archive):
                return False
            log.write(f"unpacking {self.store.uri(_cache_key(key))}")
            await asyncio.to_thread(archives.extract_own, archive, venv.parent)
        return True

    async def save_environment(self, key: str, venv: Path, log: BuildLog) -> None:
        with tempfile.TemporaryDirectory(dir=venv.parent) as scratch:
            archive = Path(scratch) / "venv.tar.gz"
            await asyncio.to_thread(archives.pack, venv.parent, [venv.name], archive)
            await self.store.upload(_cache_key(key), archive, TAR_GZ)
        log.write(f"environment cached as {self.store.uri(_cache_key(key))}")

    async def publish(self, root: Path, log: BuildLog) -> Artefact:
        with tempfile.TemporaryDirectory(dir=root) as scratch:
            archive = Path(scratch) / "artefact.tar.gz"
            digest = await asyncio.to_thread(archives.pack, root, ["venv", "action"], archive)
            key = f"venv/{digest}.tar.gz"
            size = archive.stat().st_size
            if await self.store.exists(key):
                log.write(f"artefact {key} ({size} bytes) already stored")
            else:
                await self.store.upload(key, archive, TAR_GZ)
                log.write(f"artefact stored as {key} ({size} bytes)")
        return Artefact(self.store.uri(key), f"sha256:{digest}")

    async def save_log(self, build_id: str, text: str) -> str:
        key = f"logs/{build_id}.log"
        await self.store.put_bytes(key, text.encode(), "text/plain; charset=utf-8")
        return self.store.uri(key)


def _cache_key(key: str) -> str:
    return f"cache/venv/{key}.tar.gz"
