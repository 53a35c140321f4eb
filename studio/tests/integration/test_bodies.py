"""Request bodies and imported zips: bounded before they are read, streamed to the store."""

from __future__ import annotations

import asyncio
import io
import uuid
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from dependency_injector import providers
from minio import Minio

from flowloom.servicekit.tokens import JwksCache
from flowloom.studio.app import create_app
from flowloom.studio.settings import StudioSettings
from flowloom.testkit import testing
from flowloom.testkit.http_probe import Exchange, exchange, request_head
from flowloom.testkit.memory_probe import rss_growth
from flowloom.testkit.tokens import KeySet

from .flows import WORKFLOW_YAML
from .service import Studio

pytestmark = [
    pytest.mark.integration,
    # What is tested is the HTTP layer and the object store: one database and bus suffice.
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
    pytest.mark.parametrize("bus_url", ["memory"], indirect=True),
]
MIB = 1024**2
ZIP = {"Content-Type": "application/zip"}


class Served:
    """The studio served by uvicorn (a real socket), with small body limits."""

    def __init__(self, port: int, keys: KeySet) -> None:
        self.port, self.keys, self.project = port, keys, f"p-{uuid.uuid4().hex[:8]}"

    async def post(
        self, path: str, content_type: str, length: int | None, body: Iterator[bytes]
    ) -> Exchange:
        token = self.keys.token(self.project, "developer")
        headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
        head = request_head("POST", f"/api/studio{path}", headers, length)
        return await exchange("127.0.0.1", self.port, head, body, chunked=length is None)


@pytest.fixture
async def served(settings: StudioSettings) -> AsyncIterator[Served]:
    limited = settings.model_copy(update={"upload_body_bytes": MIB, "import_body_bytes": 2 * MIB})
    app = create_app(limited)
    keys = KeySet()
    app.state.container.jwks.override(providers.Object(JwksCache(keys.jwks)))
    port = testing.free_port()
    config = uvicorn.Config(app, port=port, log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await testing.eventually(lambda: server.started, 30)
    try:
        yield Served(port, keys)
    finally:
        server.should_exit = True
        await task


def endless(first: bytes = b"") -> Iterator[bytes]:
    yield first
    while True:
        yield b"\0" * (64 * 1024)


async def test_answers_413_at_once_when_static_file_announces_more_than_the_limit(
    served: Served,
) -> None:
    form = "multipart/form-data; boundary=b"
    sent = await served.post("/workflows/w1/files", form, 5 * 1024**3, iter([b"--b\r\n"]))
    assert sent.answer.status == 413
    assert "FLOWLOOM_STUDIO_UPLOAD_BODY_BYTES" in sent.answer.json()["detail"]
    assert sent.answer.closed


async def test_cuts_off_import_with_413_when_a_chunked_zip_goes_past_the_limit(
    served: Served,
) -> None:
    sent = await served.post("/workflows/import", "application/zip", None, endless(b"PK\3\4"))
    assert sent.answer.status == 413
    assert "FLOWLOOM_STUDIO_IMPORT_BODY_BYTES" in sent.answer.json()["detail"]
    assert sent.answer.closed
    assert sent.sent < 64 * MIB


async def test_answers_413_when_a_yaml_import_is_over_the_json_limit(served: Served) -> None:
    sent = await served.post("/workflows/import", "application/yaml", 2 * MIB, iter([b"name: x"]))
    assert sent.answer.status == 413
    assert "FLOWLOOM_STUDIO_JSON_BODY_BYTES" in sent.answer.json()["detail"]


def zip_bomb(path: Path, megabytes: int) -> Path:
    """WORKFLOW_YAML and its templates/mail.txt: `megabytes` of zeros, about 1/1000 of it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("workflow.yaml", WORKFLOW_YAML)
        with archive.open("templates/mail.txt", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(bytes(MIB))
    return path


@pytest.mark.slow
async def test_refuses_import_naming_the_limit_when_a_2_mb_zip_expands_to_2_gib(
    studio: Studio, tmp_path: Path
) -> None:
    archive = zip_bomb(tmp_path / "bomb.zip", 2048)
    assert archive.stat().st_size < 3 * MIB
    content = archive.read_bytes()
    with rss_growth() as memory:
        answer = await studio.post("/workflows/import", content=content, headers=ZIP)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["message"] == (
        "expands to more than 1073741824 bytes (the limit, FLOWLOOM_STUDIO_IMPORT_EXTRACTED_BYTES)"
    )
    assert memory.grown < 50 * MIB


@pytest.mark.slow
async def test_streams_static_file_to_the_store_when_an_imported_zip_holds_500_mb(
    studio: Studio, settings: StudioSettings, tmp_path: Path
) -> None:
    archive = zip_bomb(tmp_path / "big.zip", 500)  # about 500 KB that really holds 500 MB
    assert archive.stat().st_size < MIB
    content = archive.read_bytes()
    with rss_growth() as memory:
        imported = await studio.ok("POST", "/workflows/import", 201, content=content, headers=ZIP)
    print(f"import of 500 MB: RSS +{memory.grown / MIB:.1f} MiB")
    assert memory.grown < 50 * MIB
    key = imported["steps"][1]["inputs"]["template"]["file"]
    store = Minio(
        urlsplit(settings.s3_url).netloc,
        settings.s3_access_key,
        settings.s3_secret_key,
        secure=False,
    )
    assert store.stat_object(settings.s3_bucket, key).size == 500 * MIB


async def test_refuses_import_naming_the_limit_when_a_zip_holds_too_many_entries(
    studio: Studio,
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("workflow.yaml", WORKFLOW_YAML)
        for number in range(10_000):
            archive.writestr(f"padding/{number}", b"")
    answer = await studio.post("/workflows/import", content=buffer.getvalue(), headers=ZIP)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["message"] == (
        "holds more than 10000 entries (the limit, FLOWLOOM_STUDIO_IMPORT_FILES)"
    )


async def test_refuses_yaml_over_the_json_limit_when_sent_as_a_zip(studio: Studio) -> None:
    padded = WORKFLOW_YAML + "#" * MIB
    answer = await studio.post("/workflows/import", content=padded.encode(), headers=ZIP)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["message"].startswith(
        "is larger than 1048576 bytes (the limit, FLOWLOOM_STUDIO_JSON_BODY_BYTES)"
    )
