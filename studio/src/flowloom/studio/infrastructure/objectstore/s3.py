"""S3 file store through the MinIO SDK; blocking calls run in worker threads."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Collection
from urllib.parse import urlsplit

from minio import Minio
from minio.deleteobjects import DeleteObject

from flowloom.studio.application.ports import FileStore


class S3FileStore(FileStore):
    """One bucket; keys ``projects/<project>/workflows/<workflow>/files/…``."""

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
        self._bucket = bucket

    async def ensure_bucket(self) -> None:
        if not await asyncio.to_thread(self._client.bucket_exists, self._bucket):
            await asyncio.to_thread(self._client.make_bucket, self._bucket)

    async def put(self, key: str, content: bytes, media_type: str) -> None:
        await asyncio.to_thread(
            self._client.put_object,
            self._bucket,
            key,
            io.BytesIO(content),
            len(content),
            content_type=media_type or "application/octet-stream",
        )

    async def get(self, key: str) -> bytes:
        def read() -> bytes:
            response = self._client.get_object(self._bucket, key)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

        return await asyncio.to_thread(read)

    async def delete(self, keys: Collection[str]) -> None:
        if keys:
            await asyncio.to_thread(self._remove, list(keys))

    async def delete_prefix(self, prefix: str) -> None:
        def names() -> list[str]:
            found = self._client.list_objects(self._bucket, prefix=prefix, recursive=True)
            return [o.object_name for o in found if o.object_name]

        await self.delete(await asyncio.to_thread(names))

    def _remove(self, keys: list[str]) -> None:
        errors = list(self._client.remove_objects(self._bucket, [DeleteObject(k) for k in keys]))
        if errors:
            raise RuntimeError(f"could not delete {len(errors)} of {len(keys)} objects")
