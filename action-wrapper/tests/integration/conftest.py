"""Fixtures of the integration tests: wrapper subprocesses and a bucket on the real S3."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from minio import Minio

from flowloom.adm.seaweed import S3Endpoint

from .harness import Action, Store, Wrapper, start_wrapper, stop_wrapper


@pytest.fixture(scope="module")
def store(s3: S3Endpoint) -> Iterator[Store]:
    client = Minio(
        urlsplit(s3.url).netloc,
        access_key=s3.access_key,
        secret_key=s3.secret_key,
        secure=False,
        region="us-east-1",
    )
    bucket = f"wrapper-{uuid.uuid4().hex[:12]}"
    client.make_bucket(bucket)
    yield Store(client, bucket)
    for item in client.list_objects(bucket, recursive=True):
        client.remove_object(bucket, item.object_name or "")
    client.remove_bucket(bucket)


@pytest.fixture
async def wrapper_for(tmp_path: Path) -> AsyncIterator[Callable[..., Awaitable[Wrapper]]]:
    """Start a wrapper on an action (with `serve` options; `Init` it unless told not to); stop
    it afterwards."""
    started: list[Wrapper] = []

    async def start(action: Action, *options: str, init: bool = True) -> Wrapper:
        wrapper = await start_wrapper(action, tmp_path / f"action-{len(started)}", *options)
        started.append(wrapper)
        if init:
            await wrapper.init()
        return wrapper

    yield start
    for wrapper in started:
        code = await stop_wrapper(wrapper)
        assert code == 0, "\n".join(wrapper.stderr)
