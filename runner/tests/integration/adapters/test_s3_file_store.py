"""The S3 file store against a real SeaweedFS: presigned URLs, bytes, prefixes."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore
from flowloom.servicekit.objectstore import PART_SIZE

pytestmark = pytest.mark.integration


@pytest.fixture
async def store(s3: S3Endpoint) -> S3FileStore:
    store = S3FileStore(s3.url, s3.access_key, s3.secret_key, f"test-{uuid.uuid4().hex[:8]}")
    await store.ensure_bucket()
    await store.ensure_bucket()  # idempotent
    return store


async def test_moves_bytes_through_presigned_urls_when_wrapper_has_no_credentials(
    store: S3FileStore,
) -> None:
    key = "projects/p1/runs/r1/executions/e1/outfile/out.txt"
    async with httpx.AsyncClient() as client:
        put = await client.put(store.put_url(key), content=b"hello")
        assert put.status_code == 200
        got = await client.get(store.get_url(key))
    assert got.content == b"hello"
    assert await store.size(key) == 5


async def test_reads_back_bytes_when_stored_directly(store: S3FileStore) -> None:
    data = bytes(range(256)) * 4096
    await store.put_bytes("projects/p1/runs/r1/trigger/file/data.bin", data)
    chunks = [c async for c in store.read("projects/p1/runs/r1/trigger/file/data.bin", 65536)]
    assert b"".join(chunks) == data
    assert len(chunks) > 1


async def test_streams_whole_file_in_parts_when_stored_from_an_open_file(
    store: S3FileStore, tmp_path: Path
) -> None:
    path = tmp_path / "upload.bin"
    data = os.urandom(2 * PART_SIZE + 12345)  # three parts
    path.write_bytes(data)
    with path.open("rb") as file:
        file.seek(100)  # the whole file is stored wherever its position stands
        assert await store.put_file("projects/p1/runs/r1/trigger/doc/upload.bin", file) == len(data)
    chunks = [c async for c in store.read("projects/p1/runs/r1/trigger/doc/upload.bin")]
    assert b"".join(chunks) == data


async def test_refuses_tampered_url_when_signature_does_not_match(store: S3FileStore) -> None:
    await store.put_bytes("projects/p1/secret.txt", b"x")
    url = store.get_url("projects/p1/secret.txt").replace("secret.txt", "other.txt")
    async with httpx.AsyncClient() as client:
        assert (await client.get(url)).status_code == 403


async def test_deletes_only_the_project_when_prefix_is_removed(store: S3FileStore) -> None:
    for key in ["projects/a/runs/1/x", "projects/a/runs/2/y", "projects/b/runs/1/z"]:
        await store.put_bytes(key, b"1")
    assert await store.delete_count("projects/a/") == 2
    assert await store.size("projects/b/runs/1/z") == 1


async def test_presigns_a_static_file_in_another_bucket_when_key_is_a_reference(
    store: S3FileStore, s3: S3Endpoint
) -> None:
    studio = S3FileStore(s3.url, s3.access_key, s3.secret_key, f"studio-{uuid.uuid4().hex[:8]}")
    await studio.ensure_bucket()
    await studio.put_bytes("projects/p1/workflows/w1/files/f1/footer.txt", b"-- footer")
    reference = f"s3://{studio.bucket}/projects/p1/workflows/w1/files/f1/footer.txt"
    async with httpx.AsyncClient() as client:
        got = await client.get(await store.presigned_get(reference, "footer.txt"))
        missing = await client.get(await store.presigned_get("projects/p1/workflows/w1/x.txt"))
    assert got.content == b"-- footer"
    assert 'filename="footer.txt"' in got.headers["content-disposition"]
    assert missing.status_code == 404  # a bare key stays in the runner's own bucket


def lifetime(url: str) -> int:
    """The seconds a presigned URL says it is valid for (SigV4 ``X-Amz-Expires``)."""
    return int(parse_qs(urlsplit(url).query)["X-Amz-Expires"][0])


async def test_signs_download_urls_for_five_minutes_and_wrapper_urls_for_hours_by_default(
    store: S3FileStore,
) -> None:
    key = "projects/p1/runs/r1/out.txt"
    assert lifetime(await store.download_url(key, "out.txt")) == 300
    assert lifetime(await store.presigned_get(key, "out.txt")) == 6 * 3600
    assert lifetime(await store.presigned_put(key)) == 6 * 3600


async def test_refuses_a_download_url_when_its_lifetime_has_passed(s3: S3Endpoint) -> None:
    store = S3FileStore(
        s3.url, s3.access_key, s3.secret_key, f"short-{uuid.uuid4().hex[:8]}",
        download_ttl=timedelta(seconds=2),
    )  # fmt: skip
    await store.ensure_bucket()
    await store.put_bytes("projects/p1/runs/r1/out.txt", b"result")
    url = await store.download_url("projects/p1/runs/r1/out.txt", "out.txt")
    assert lifetime(url) == 2
    async with httpx.AsyncClient() as client:
        assert (await client.get(url)).content == b"result"
        await asyncio.sleep(3.5)
        expired = await client.get(url)
        wrapper_url = await client.get(await store.presigned_get("projects/p1/runs/r1/out.txt"))
    assert expired.status_code == 403
    assert wrapper_url.content == b"result"  # the wrappers' URLs keep their own lifetime
