"""S3 file store through the MinIO SDK; blocking calls run in worker threads."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import IO, BinaryIO, cast

from minio.commonconfig import CopySource
from minio.deleteobjects import DeleteObject

from flowloom.servicekit.objectstore import Bucket
from flowloom.studio.domain.ports import FileStore


class S3FileStore(Bucket, FileStore):
    """One bucket; keys ``projects/<project>/workflows/<workflow>/files/…``."""

    async def put(self, key: str, content: IO[bytes], media_type: str) -> int:
        """Streamed, one part in memory at a time (servicekit's ``Bucket.put_stream``)."""
        return await self.put_stream(key, cast(BinaryIO, content), media_type)

    async def copy(self, source: str, target: str) -> None:
        await asyncio.to_thread(
            self._client.copy_object, self.bucket, target, CopySource(self.bucket, source)
        )

    async def get(self, key: str) -> bytes:
        def read() -> bytes:
            response = self._client.get_object(self.bucket, key)
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
            found = self._client.list_objects(self.bucket, prefix=prefix, recursive=True)
            return [o.object_name for o in found if o.object_name]

        await self.delete(await asyncio.to_thread(names))

    def _remove(self, keys: list[str]) -> None:
        errors = list(self._client.remove_objects(self.bucket, [DeleteObject(k) for k in keys]))
        if errors:
            raise RuntimeError(f"could not delete {len(errors)} of {len(keys)} objects")
