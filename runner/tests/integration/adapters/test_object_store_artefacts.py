"""Builder archives in a real S3: fetched and unpacked once per host, checked, never half-made."""

from __future__ import annotations

import hashlib
import io
import tarfile
import uuid
from pathlib import Path

import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.runner.domain.errors import ActionStartFailed
from flowloom.runner.infrastructure.deployer.archives import ObjectStoreArtefacts
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore

pytestmark = pytest.mark.integration


def _archive(marker: str) -> bytes:
    """A tar.gz shaped like the builder's: venv/bin/flowloom-action-wrapper and action/."""
    members = {
        "venv/bin/flowloom-action-wrapper": b"#!/bin/sh\n",
        "action/ryax_handler.py": f"def handle(inputs):\n    return {{'m': {marker!r}}}\n".encode(),
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mode = 0o755
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


@pytest.fixture
async def bucket(s3: S3Endpoint) -> S3FileStore:
    store = S3FileStore(s3.url, s3.access_key, s3.secret_key, f"artefacts-{uuid.uuid4().hex[:8]}")
    await store.ensure_bucket()
    return store


@pytest.fixture
def resolver(s3: S3Endpoint, tmp_path: Path) -> ObjectStoreArtefacts:
    return ObjectStoreArtefacts(s3.url, s3.access_key, s3.secret_key, tmp_path / "artefacts")


def _reference(store: S3FileStore, key: str) -> str:
    return f"s3://{store.bucket}/{key}"


async def test_unpacks_a_content_addressed_archive_once_per_host(
    bucket: S3FileStore, resolver: ObjectStoreArtefacts, tmp_path: Path
) -> None:
    data = _archive("one")
    key = f"venv/{hashlib.sha256(data).hexdigest()}.tar.gz"
    await bucket.put_bytes(key, data)

    env = await resolver.environment(_reference(bucket, key))

    assert env.root == tmp_path / "artefacts" / hashlib.sha256(data).hexdigest()
    assert env.wrapper.read_bytes() == b"#!/bin/sh\n"
    assert "'one'" in (env.action_dir / "ryax_handler.py").read_text()
    # Unpacked once: with the object gone, the same reference still resolves from this host.
    await bucket.delete_prefix("venv/")
    again = await resolver.environment(_reference(bucket, key))
    assert again.root == env.root
    assert [p.name for p in (tmp_path / "artefacts").iterdir()] == [env.root.name]


async def test_refuses_an_archive_whose_bytes_do_not_match_its_digest(
    bucket: S3FileStore, resolver: ObjectStoreArtefacts, tmp_path: Path
) -> None:
    claimed = hashlib.sha256(b"something else").hexdigest()
    await bucket.put_bytes(f"venv/{claimed}.tar.gz", _archive("two"))

    with pytest.raises(ActionStartFailed, match="is corrupt: its content digest is sha256:"):
        await resolver.environment(_reference(bucket, f"venv/{claimed}.tar.gz"))
    # Nothing half-made is left behind to be mistaken for a ready environment.
    assert list((tmp_path / "artefacts").iterdir()) == []


async def test_names_a_missing_archive(bucket: S3FileStore, resolver: ObjectStoreArtefacts) -> None:
    reference = _reference(bucket, f"venv/{'0' * 64}.tar.gz")
    with pytest.raises(ActionStartFailed, match=r"is not in the object store \(NoSuchKey\)"):
        await resolver.environment(reference)


async def test_refuses_an_archive_that_is_not_a_built_environment(
    bucket: S3FileStore, resolver: ObjectStoreArtefacts
) -> None:
    await bucket.put_bytes("venv/not-an-env.tar.gz", b"plain bytes, not gzip")
    with pytest.raises(ActionStartFailed, match="cannot be unpacked"):
        await resolver.environment(_reference(bucket, "venv/not-an-env.tar.gz"))


async def test_local_environments_still_resolve(
    resolver: ObjectStoreArtefacts, tmp_path: Path
) -> None:
    root = tmp_path / "env"
    (root / "venv" / "bin").mkdir(parents=True)
    (root / "venv" / "bin" / "flowloom-action-wrapper").write_text("#!/bin/sh\n")
    (root / "action").mkdir()

    env = await resolver.environment(f"file://{root}")

    assert env.root == root
