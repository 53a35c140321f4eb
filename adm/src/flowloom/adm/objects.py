"""Service buckets through the S3 API (MinIO SDK): works for SeaweedFS, MinIO or AWS alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, BinaryIO, cast

from minio.deleteobjects import DeleteObject
from minio.error import MinioException, S3Error
from urllib3.exceptions import HTTPError

from flowloom.adm.errors import AdmError
from flowloom.adm.seaweed import S3Endpoint
from flowloom.servicekit.objectstore import s3_client

S3_ERRORS = (MinioException, HTTPError, OSError)


class ObjectGone(KeyError):
    """The object was deleted between listing and reading it."""


@dataclass(frozen=True, slots=True)
class StoredObject:
    key: str
    size: int


@dataclass(frozen=True, slots=True)
class BucketState:
    exists: bool
    objects: int
    bytes: int


class Bucket:
    """One service bucket on one S3 endpoint."""

    def __init__(self, endpoint: S3Endpoint, name: str) -> None:
        self.name = name
        self.url = endpoint.url
        # The region spares a location lookup; any region works on a single S3.
        self._client = s3_client(endpoint.url, endpoint.access_key, endpoint.secret_key)

    def _fail(self, doing: str, error: Exception) -> AdmError:
        return AdmError(f"object store {self.url}, bucket {self.name}: {doing} failed: {error}")

    def exists(self) -> bool:
        try:
            return bool(self._client.bucket_exists(self.name))
        except S3_ERRORS as error:
            raise self._fail("checking the bucket", error) from None

    def objects(self) -> Iterator[StoredObject]:
        """Every object, in key order; nothing when the bucket does not exist."""
        if not self.exists():
            return
        try:
            for found in self._client.list_objects(self.name, recursive=True):
                if found.object_name is not None and not found.is_dir:
                    yield StoredObject(found.object_name, int(found.size or 0))
        except S3_ERRORS as error:
            raise self._fail("listing", error) from None

    def state(self) -> BucketState:
        if not self.exists():
            return BucketState(False, 0, 0)
        count = size = 0
        for found in self.objects():
            count, size = count + 1, size + found.size
        return BucketState(True, count, size)

    def is_empty(self) -> bool:
        return next(iter(self.objects()), None) is None

    @contextmanager
    def open(self, key: str) -> Iterator[tuple[int, IO[bytes]]]:
        """The object's size and a stream of its bytes (never whole in memory)."""
        try:
            response = self._client.get_object(self.name, key)
        except S3Error as error:
            if error.code == "NoSuchKey":
                raise ObjectGone(key) from None
            raise self._fail(f"reading {key}", error) from None
        except S3_ERRORS as error:
            raise self._fail(f"reading {key}", error) from None
        try:
            yield int(response.headers["Content-Length"]), cast(IO[bytes], response)
        finally:
            response.close()
            response.release_conn()

    def ensure(self) -> None:
        try:
            if not self._client.bucket_exists(self.name):
                self._client.make_bucket(self.name)
        except S3_ERRORS as error:
            raise self._fail("creating the bucket", error) from None

    def write(self, key: str, content: IO[bytes], size: int) -> None:
        try:
            self._client.put_object(self.name, key, cast(BinaryIO, content), size)
        except S3_ERRORS as error:
            raise self._fail(f"writing {key}", error) from None

    def wipe(self) -> None:
        """Delete every object (the bucket stays)."""
        doomed = (DeleteObject(found.key) for found in self.objects())
        try:
            for failure in self._client.remove_objects(self.name, doomed):
                raise self._fail("deleting", Exception(str(failure)))
        except S3_ERRORS as error:
            raise self._fail("deleting", error) from None
