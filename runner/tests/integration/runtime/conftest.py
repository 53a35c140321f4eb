"""Fixtures of the runtime tests: a local deployer, the gRPC invoker and a bucket on S3."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.runner.domain.workflow import ActionArtefact
from flowloom.runner.infrastructure.deployer.launcher import WrapperLauncher
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore

from .support import RecordingLogSink, artefact, metadata


@pytest.fixture
async def deployer(s3: S3Endpoint) -> AsyncIterator[LocalActionDeployer]:
    launcher = WrapperLauncher(object_store_url=s3.url)
    deployer = LocalActionDeployer(concurrency=4, check_interval=0.05, launcher=launcher)
    await deployer.start()
    yield deployer
    await deployer.close()


@pytest.fixture
def make_processor(make_action) -> Callable[..., ActionArtefact]:
    """A Processor action written from its handler, as the artefact to deploy; the options
    are ``artefact``'s (inputs, outputs, memory_bytes, uri)."""

    def make(action_id: str, handler: str, **options: Any) -> ActionArtefact:
        return artefact(make_action(action_id, metadata(action_id), handler), action_id, **options)

    return make


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
