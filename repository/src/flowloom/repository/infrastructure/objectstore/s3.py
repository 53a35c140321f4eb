"""S3 object store through the MinIO SDK: source archives in, build logs out."""

from __future__ import annotations

import asyncio
import io
from urllib.parse import urlsplit

from minio import Minio
from minio.error import S3Error

from flowloom.repository.domain.ports import LogStore

_MISSING = ("NoSuchKey", "NoSuchBucket", "NoSuchObject")


def split_reference(reference: str) -> tuple[str, str] | None:
    """`s3://bucket/key` → (bucket, key); None for anything else."""
    parts = urlsplit(reference)
    if parts.scheme != "s3" or not parts.netloc or not parts.path.strip("/"):
        return None
    return parts.netloc, parts.path.lstrip("/")


class S3ObjectStore(LogStore):
    """One bucket for source archives; logs are read from whatever bucket a builder names."""

    def __init__(
        self, url: str, access_key: str, secret_key: str, bucket: str, region: str = "us-east-1"
    ) -> None:
        parts = urlsplit(url)
        self._client = Minio(
            parts.netloc,
            access_key=access_key,
            secret_key=secret_key,
            secure=parts.scheme == "https",
            region=region,
        )
        self.bucket = bucket

    async def ensure_bucket(self) -> None:
        if not await asyncio.to_thread(self._client.bucket_exists, self.bucket):
            await asyncio.to_thread(self._client.make_bucket, self.bucket)

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
            if error.code in _MISSING:
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
            if error.code in (*_MISSING, "NotFound"):
                return False
            raise
        return True
