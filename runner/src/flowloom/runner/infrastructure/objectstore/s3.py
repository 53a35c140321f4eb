"""S3 file store through the MinIO SDK; blocking calls run in worker threads."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import BinaryIO

from minio.deleteobjects import DeleteObject

from flowloom.runner.domain.ports import FileStore
from flowloom.servicekit.objectstore import SCHEME, Bucket, s3_location


class S3FileStore(Bucket, FileStore):
    """One bucket; keys `projects/<project>/runs/<run>/…` keep each project's files apart.

    Presigning is computed locally (the region is given, so no lookup call is made). URLs for
    wrappers live ``url_ttl``, download URLs for people ``download_ttl`` (S3 allows 1 s to 7
    days)."""

    def __init__(
        self,
        url: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        *,
        region: str = "us-east-1",
        url_ttl: timedelta = timedelta(hours=6),
        download_ttl: timedelta = timedelta(minutes=5),
    ) -> None:
        super().__init__(url, access_key, secret_key, bucket, region=region)
        self._ttl = url_ttl
        self._download_ttl = download_ttl

    def get_url(self, key: str) -> str:
        return self._client.presigned_get_object(self.bucket, key, expires=self._ttl)

    def put_url(self, key: str) -> str:
        return self._client.presigned_put_object(self.bucket, key, expires=self._ttl)

    async def presigned_get(self, key: str, filename: str | None = None) -> str:
        """``key`` in this store's bucket, or ``s3://<bucket>/<key>`` in another one of the same
        object store (a workflow's static files stay in the studio's bucket)."""
        return self._signed_get(key, filename, self._ttl)

    async def download_url(self, key: str, filename: str | None = None) -> str:
        return self._signed_get(key, filename, self._download_ttl)

    def _signed_get(self, key: str, filename: str | None, ttl: timedelta) -> str:
        headers: dict[str, str | list[str] | tuple[str]] | None = None
        if filename:
            safe = filename.replace('"', "")
            headers = {"response-content-disposition": f'attachment; filename="{safe}"'}
        bucket = self.bucket
        if key.startswith(SCHEME):
            bucket, key = s3_location(key)
        return self._client.presigned_get_object(bucket, key, expires=ttl, response_headers=headers)

    async def presigned_put(self, key: str) -> str:
        return self.put_url(key)

    async def put_bytes(self, key: str, content: bytes, content_type: str = "") -> int:
        data = content
        await asyncio.to_thread(
            self._client.put_object,
            self.bucket,
            key,
            io.BytesIO(data),
            len(data),
            content_type=content_type or "application/octet-stream",
        )
        return len(data)

    async def put_file(self, key: str, file: BinaryIO, content_type: str = "") -> int:
        """Streamed, one part in memory at a time (servicekit's ``Bucket.put_stream``)."""
        return await self.put_stream(key, file, content_type)

    async def read(self, key: str, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        response = await asyncio.to_thread(self._client.get_object, self.bucket, key)
        try:
            while chunk := await asyncio.to_thread(response.read, chunk_size):
                yield chunk
        finally:
            response.close()
            response.release_conn()

    async def size(self, key: str) -> int:
        stat = await asyncio.to_thread(self._client.stat_object, self.bucket, key)
        return int(stat.size or 0)

    async def delete_prefix(self, prefix: str) -> None:
        """Remove every object under `prefix` (a deleted project's files)."""
        await self.delete_count(prefix)

    async def delete_count(self, prefix: str) -> int:
        """Remove every object under `prefix`; how many there were."""

        def delete() -> int:
            names = [
                o.object_name
                for o in self._client.list_objects(self.bucket, prefix=prefix, recursive=True)
                if o.object_name
            ]
            errors = list(
                self._client.remove_objects(self.bucket, [DeleteObject(n) for n in names])
            )
            if errors:
                raise RuntimeError(f"could not delete {len(errors)} objects under {prefix}")
            return len(names)

        return await asyncio.to_thread(delete)
