"""The object store: `s3://<bucket>/<key>` (how one service names an object of another in the
same store: an action's artefact in the builder's bucket, a static file in the studio's), the
client factory and a service's own bucket."""

from __future__ import annotations

import asyncio
import io
from typing import BinaryIO
from urllib.parse import urlsplit

from minio import Minio
from minio.error import S3Error

SCHEME = "s3://"
PART_SIZE = 5 * 1024 * 1024  # the smallest S3 allows (but for the last part)


def s3_location(reference: str) -> tuple[str, str]:
    """(bucket, key) of an ``s3://bucket/key`` reference; ValueError when either is missing."""
    parts = urlsplit(reference)
    key = parts.path.lstrip("/")
    if parts.scheme != "s3" or not parts.netloc or not key:
        raise ValueError(f"{reference!r} is not an s3://bucket/key reference")
    return parts.netloc, key


def s3_reference(bucket: str, key: str) -> str:
    """The ``s3://bucket/key`` reference of an object."""
    return f"{SCHEME}{bucket}/{key}"


# What S3 answers for an object (or bucket) that is not there.
MISSING = frozenset({"NoSuchKey", "NoSuchBucket", "NoSuchObject", "ResourceNotFound", "NotFound"})


def s3_client(url: str, access_key: str, secret_key: str, region: str = "us-east-1") -> Minio:
    """A MinIO SDK client of the store at ``url`` (``https`` means TLS). With the region given,
    presigning is computed locally (no lookup call)."""
    parts = urlsplit(url)
    return Minio(
        parts.netloc,
        access_key=access_key,
        secret_key=secret_key,
        secure=parts.scheme == "https",
        region=region,
    )


def is_missing(error: S3Error) -> bool:
    return error.code in MISSING


class Bucket:
    """A service's own bucket on the object store, through the MinIO SDK (blocking calls run
    in worker threads); each service's store adapter adds what its port needs."""

    def __init__(
        self, url: str, access_key: str, secret_key: str, bucket: str, *, region: str = "us-east-1"
    ) -> None:
        self._client = s3_client(url, access_key, secret_key, region)
        self.bucket = bucket

    async def ensure_bucket(self) -> None:
        if not await asyncio.to_thread(self._client.bucket_exists, self.bucket):
            await asyncio.to_thread(self._client.make_bucket, self.bucket)

    async def check(self) -> None:
        """Health: the object store answers and the bucket exists."""
        if not await asyncio.to_thread(self._client.bucket_exists, self.bucket):
            raise LookupError(f"bucket {self.bucket} does not exist")

    async def put_stream(self, key: str, file: BinaryIO, content_type: str = "") -> int:
        """Upload ``file`` (from its start; its size in bytes is returned) in parts of
        ``PART_SIZE``, one after the other: one part in memory at a time whatever the file's
        size (parallel parts would each hold one)."""

        def put() -> int:
            size = file.seek(0, io.SEEK_END)
            file.seek(0)
            self._client.put_object(
                self.bucket,
                key,
                file,
                size,
                content_type=content_type or "application/octet-stream",
                part_size=PART_SIZE,
                num_parallel_uploads=1,
            )
            return size

        return await asyncio.to_thread(put)
