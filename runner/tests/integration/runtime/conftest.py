"""Fixtures of the runtime tests: a local deployer, the gRPC invoker and a bucket on S3."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore
from flowloom.servicekit.seaweed import S3Endpoint

from .support import RecordingLogSink


@pytest.fixture
async def deployer() -> AsyncIterator[LocalActionDeployer]:
    deployer = LocalActionDeployer(concurrency=4, check_interval=0.05)
    await deployer.start()
    yield deployer
    await deployer.close()


@pytest.fixture
def logs() -> RecordingLogSink:
    return RecordingLogSink()


@pytest.fixture
def invoker(deployer: LocalActionDeployer, logs: RecordingLogSink) -> GrpcActionInvoker:
    return GrpcActionInvoker(deployer, logs)


@pytest.fixture(scope="session")
async def store(s3: S3Endpoint) -> S3FileStore:
    store = S3FileStore(s3.url, s3.access_key, s3.secret_key, f"runtime-{uuid.uuid4().hex[:8]}")
    await store.ensure_bucket()
    return store
