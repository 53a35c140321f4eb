"""S3 object store through the MinIO SDK: source archives in, build logs out."""

from __future__ import annotations

import asyncio
import io
from urllib.parse import urlsplit

from minio.error import S3Error

from flowloom.repository.domain.ports import LogStore
from flowloom.servicekit.objectstore import Bucket, is_missing


def split_reference(reference: str) -> tuple[str, str] | None:
    """`s3://bucket/key` → (bucket, key); None for anything else."""
    parts = urlsplit(reference)
    if parts.scheme != "s3" or not parts.netloc or not parts.path.strip("/"):
        return None
    return parts.netloc, parts.path.lstrip("/")


class S3ObjectStore(Bucket, LogStore):
    """One bucket for source archives; logs are read from whatever bucket a builder names."""

    async def put_if_absent(self, key: str, content: bytes, content_type: str) -> str:
        """Store content under key unless it is there (keys are content-addressed)."""
        if not await self._exists(key):
            await asyncio.to_thread(
                self._client.put_object,
                self.bucket,
                key,
                io.BytesIO(content),
                len(content),
                content_type=content_type,
            )
        return f"s3://{self.bucket}/{key}"

    async def read_log(self, reference: str) -> bytes | None:
        where = split_reference(reference)
        if where is None:
            return None
        return await asyncio.to_thread(self._read, *where)

    def _read(self, bucket: str, key: str) -> bytes | None:
        try:
            response = self._client.get_object(bucket, key)
        except S3Error as error:
            if is_missing(error):
                return None
            raise
        try:
            return bytes(response.read())
        finally:
            response.close()
            response.release_conn()

    async def _exists(self, key: str) -> bool:
        try:
            await asyncio.to_thread(self._client.stat_object, self.bucket, key)
        except S3Error as error:
            if is_missing(error):
                return False
            raise
        return True
