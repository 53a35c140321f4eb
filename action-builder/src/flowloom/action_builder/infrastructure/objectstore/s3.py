"""S3 through the MinIO SDK; blocking calls run in worker threads."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from minio.error import S3Error

from flowloom.servicekit.objectstore import Bucket, is_missing, s3_reference


class S3ObjectStore(Bucket):
    """The builder's bucket (cache, artefacts, logs); reads from any bucket by URI."""

    def uri(self, key: str) -> str:
        return s3_reference(self.bucket, key)

    async def exists(self, key: str, bucket: str | None = None) -> bool:
        try:
            await asyncio.to_thread(self._client.stat_object, bucket or self.bucket, key)
        except S3Error as error:
            if is_missing(error):
                return False
            raise
        return True

    async def download(self, key: str, path: Path, bucket: str | None = None) -> bool:
        """Write the object to `path`; False when it does not exist."""
        try:
            await asyncio.to_thread(self._client.fget_object, bucket or self.bucket, key, str(path))
        except S3Error as error:
            if is_missing(error):
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
