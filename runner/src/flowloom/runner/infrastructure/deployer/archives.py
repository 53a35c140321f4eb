"""Built environments from the object store: the builder's venv archives, unpacked once per host."""

from __future__ import annotations

import asyncio
import hashlib
import re
import shutil
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from minio.error import S3Error

from flowloom.runner.domain.errors import ActionStartFailed
from flowloom.runner.infrastructure.deployer.artefacts import ArtefactResolver, LocalArtefacts
from flowloom.runner.infrastructure.deployer.process import ActionEnvironment
from flowloom.servicekit.objectstore import SCHEME, s3_client, s3_location

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1 << 20


class ObjectStoreArtefacts(ArtefactResolver):
    """Resolves ``s3://bucket/key.tar.gz`` (a tar.gz of ``venv/`` and ``action/``).

    The archive is downloaded and unpacked into ``cache_dir/<name>`` the first time a
    deployment needs it; later deployments on this host reuse the directory. A content-addressed
    key (``…/<sha256>.tar.gz``) is checked against the bytes downloaded. Unpacking happens in a
    temporary directory renamed into place, so a crash never leaves a half-unpacked environment
    that looks ready. Anything else (``file://``, absolute paths) goes to ``fallback``.
    """

    def __init__(
        self,
        url: str,
        access_key: str,
        secret_key: str,
        cache_dir: Path,
        *,
        fallback: ArtefactResolver | None = None,
        region: str = "us-east-1",
    ) -> None:
        self._client = s3_client(url, access_key, secret_key, region)
        self._cache_dir = cache_dir
        self._fallback = fallback or LocalArtefacts()
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def environment(self, artefact: str) -> ActionEnvironment:
        if not artefact.startswith(SCHEME):
            return await self._fallback.environment(artefact)
        bucket, key = _location(artefact)
        expected = _content_digest(key)
        name = expected or hashlib.sha256(artefact.encode()).hexdigest()
        target = self._cache_dir / name
        async with self._locks[name]:
            if not target.is_dir():
                await asyncio.to_thread(self._fetch, artefact, bucket, key, expected, target)
        return await self._fallback.environment(str(target))

    def _fetch(
        self, artefact: str, bucket: str, key: str, expected: str | None, target: Path
    ) -> None:
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self._cache_dir, prefix=".unpacking-") as work:
            archive = Path(work) / "artefact.tar.gz"
            digest = self._download(artefact, bucket, key, archive)
            if expected is not None and digest != expected:
                raise ActionStartFailed(
                    f"artefact {artefact!r} is corrupt: its content digest is sha256:{digest}"
                )
            root = Path(work) / "root"
            try:
                with tarfile.open(archive, "r:gz") as tar:
                    # The builder's venv links to the host's interpreter: absolute symlinks are
                    # expected; the "tar" filter still refuses members escaping the directory.
                    tar.extractall(root, filter="tar")
            except (tarfile.TarError, OSError) as error:
                raise ActionStartFailed(
                    f"artefact {artefact!r} cannot be unpacked: {error}"
                ) from error
            try:
                root.rename(target)
            except OSError:
                if not target.is_dir():  # another process did not win a race: a real failure
                    raise
                shutil.rmtree(root, ignore_errors=True)

    def _download(self, artefact: str, bucket: str, key: str, archive: Path) -> str:
        digest = hashlib.sha256()
        try:
            response = self._client.get_object(bucket, key)
        except S3Error as error:
            raise ActionStartFailed(
                f"artefact {artefact!r} is not in the object store ({error.code})"
            ) from error
        except Exception as error:  # the object store is unreachable: the start fails, clearly
            raise ActionStartFailed(f"artefact {artefact!r} cannot be fetched: {error}") from error
        try:
            with archive.open("wb") as out:
                while chunk := response.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        finally:
            response.close()
            response.release_conn()
        return digest.hexdigest()


def _location(artefact: str) -> tuple[str, str]:
    try:
        return s3_location(artefact)
    except ValueError:
        raise ActionStartFailed(
            f"artefact {artefact!r} is not an s3://bucket/key reference"
        ) from None


def _content_digest(key: str) -> str | None:
    stem = key.rsplit("/", 1)[-1].removesuffix(".tar.gz")
    return stem if SHA256_HEX.match(stem) else None
