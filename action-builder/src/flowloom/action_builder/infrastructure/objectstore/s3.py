"""S3 through the MinIO SDK; blocking calls run in worker threads."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from urllib.parse import urlsplit

from minio import Minio
from minio.error import S3Error

from flowloom.servicekit.objectstore import s3_reference

_MISSING = ("NoSuchKey", "NoSuchBucket", "NoSuchObject", "ResourceNotFound")


class S3ObjectStore:
    """The builder's bucket (cache, artefacts, logs); reads from any bucket by URI."""

    def __init__(
        self, url: str, access_key: str, secret_key: str, bucket: str, *, region: str = "us-east-1"
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

    def uri(self, key: str) -> str:
        return s3_reference(self.bucket, key)

    async def ensure_bucket(self) -> None:
        if not await asyncio.to_thread(self._client.bucket_exists, self.bucket):
            await asyncio.to_thread(self._client.make_bucket, self.bucket)

    async def check(self) -> None:
        """Health: the bucket answers (and exists)."""
        if not await asyncio.to_thread(self._client.bucket_exists, self.bucket):
            raise RuntimeError(f"bucket {self.bucket} does not exist")

    async def exists(self, key: str, bucket: str | None = None) -> bool:
        try:
            await asyncio.to_thread(self._client.stat_object, bucket or self.bucket, key)
        except S3Error as error:
            if error.code in _MISSING:
                return False
            raise
        return True

    async def download(self, key: str, path: Path, bucket: str | None = None) -> bool:
        """Write the object to `path`; False when it does not exist."""
        try:
            await asyncio.to_thread(self._client.fget_object, bucket or self.bucket, key, str(path))
        except S3Error as error:
            if error.code in _MISSING:
                return False
            raise
        return True

    async def upload(self, key: str, path: Path, content_type: str) -> None:
        await asyncio.to_thread(
            self._client.fput_object, self.bucket, key, str(path), content_type=content_type
        )

    async def put_bytes(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(
            self._client.put_object,
            self.bucket,
            key,
            io.BytesIO(data),
            len(data),
            content_type=content_type,
        )
