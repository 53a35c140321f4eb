"""The host's file cache and inputs handed on unchanged, through real wrappers and real S3."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb

from .harness import Action, Store, Wrapper, io, terminal, text

pytestmark = pytest.mark.integration

StartWrapper = Callable[..., Awaitable[Wrapper]]

PRODUCE = Action(
    "Processor",
    """
    def handle(inputs):
        with open("made.bin", "wb") as file:
            file.write(bytes.fromhex(inputs["hex"]))
        return {"made": "made.bin"}
    """,
    inputs=[io("hex", "string")],
    outputs=[io("made", "file")],
)

CONSUME = Action(
    "Processor",
    """
    import hashlib

    def handle(inputs):
        with open(inputs["doc"], "rb") as file:
            return {"sha256": hashlib.sha256(file.read()).hexdigest()}
    """,
    inputs=[io("doc", "file")],
    outputs=[io("sha256", "string")],
)

# `mode` says what the handler returns: its input unchanged, its input with one byte appended,
# or a new file with the same content.
HAND_ON = Action(
    "Processor",
    """
    import shutil

    def handle(inputs):
        doc, mode = inputs["doc"], inputs["mode"]
        if mode == "append":
            with open(doc, "ab") as file:
                file.write(b"!")
        if mode == "copy":
            shutil.copyfile(doc, "copy.bin")
            return {"out": "copy.bin"}
        return {"out": doc}
    """,
    inputs=[io("doc", "file"), io("mode", "string")],
    outputs=[io("out", "file")],
)


def cache_options(directory: Path) -> tuple[str, ...]:
    return "--file-cache", str(directory), "--file-cache-bytes", str(1 << 30)


async def produce_then_lose(wrapper: Wrapper, store: Store, content: bytes) -> pb.FileRef:
    """Upload `content` as an output, then delete the object from S3 (only a cache has it)."""
    key = f"cache/{uuid.uuid4().hex}"
    made = (
        terminal(await wrapper.run({"hex": text(content.hex())}, {"made": store.upload_url(key)}))
        .result.outputs["made"]
        .file_value
    )
    assert store.read(key) == content
    store.delete(key)
    return pb.FileRef(url=store.download_url(key), name=made.name, size=made.size)


async def test_next_execution_reads_the_cached_output_when_the_object_is_gone_from_s3(
    wrapper_for: StartWrapper, store: Store, tmp_path: Path
) -> None:
    options = cache_options(tmp_path / "file-cache")
    producer = await wrapper_for(PRODUCE, *options)
    consumer = await wrapper_for(CONSUME, *options)  # another process on the same host
    content = os.urandom(300_000)
    ref = await produce_then_lose(producer, store, content)

    result = terminal(await consumer.run({"doc": pb.Value(file_value=ref)})).result
    assert result.outputs["sha256"].string_value == hashlib.sha256(content).hexdigest()


async def test_downloaded_input_is_read_from_the_cache_by_the_next_step_on_the_host(
    wrapper_for: StartWrapper, store: Store, tmp_path: Path
) -> None:
    options = cache_options(tmp_path / "file-cache")
    first, second = await wrapper_for(CONSUME, *options), await wrapper_for(CONSUME, *options)
    content = os.urandom(200_000)  # a trigger's file: uploaded by the runner, not a wrapper
    key = f"trigger/{uuid.uuid4().hex}"
    ref = pb.FileRef(url=store.upload(content, key), name="doc.bin", size=len(content))
    digest = hashlib.sha256(content).hexdigest()
    assert (
        terminal(await first.run({"doc": pb.Value(file_value=ref)}))
        .result.outputs["sha256"]
        .string_value
        == digest
    )
    store.delete(key)  # only the copy the first download left in the cache has it now

    result = terminal(await second.run({"doc": pb.Value(file_value=ref)})).result
    assert result.outputs["sha256"].string_value == digest


async def test_next_execution_fails_to_download_when_no_cache_and_the_object_is_gone(
    wrapper_for: StartWrapper, store: Store
) -> None:
    producer = await wrapper_for(PRODUCE)
    consumer = await wrapper_for(CONSUME)
    ref = await produce_then_lose(producer, store, os.urandom(1000))

    error = terminal(await consumer.run({"doc": pb.Value(file_value=ref)})).error
    assert error.message.startswith("input 'doc': download failed: HTTP 404")


async def hand_on(wrapper: Wrapper, store: Store, mode: str) -> tuple[pb.FileRef, str]:
    key = f"hand-on/{uuid.uuid4().hex}"
    doc = pb.FileRef(url=store.upload(b"original"), name="doc.txt", size=8)
    inputs = {"doc": pb.Value(file_value=doc), "mode": text(mode)}
    outputs = terminal(await wrapper.run(inputs, {"out": store.upload_url(key)})).result.outputs
    return outputs["out"].file_value, key


async def test_answers_same_as_input_and_uploads_nothing_when_an_input_is_returned_unchanged(
    wrapper_for: StartWrapper, store: Store
) -> None:
    wrapper = await wrapper_for(HAND_ON)
    out, key = await hand_on(wrapper, store, "unchanged")
    assert (out.same_as_input, out.name, out.size, out.url) == ("doc", "doc.txt", 8, "")
    assert not store.exists(key)


async def test_uploads_when_the_handler_modified_its_input_in_place(
    wrapper_for: StartWrapper, store: Store
) -> None:
    wrapper = await wrapper_for(HAND_ON)
    out, key = await hand_on(wrapper, store, "append")
    assert (out.same_as_input, out.size) == ("", 9)
    assert store.read(key) == b"original!"


async def test_uploads_when_the_handler_returns_another_file(
    wrapper_for: StartWrapper, store: Store
) -> None:
    wrapper = await wrapper_for(HAND_ON)
    out, key = await hand_on(wrapper, store, "copy")
    assert (out.same_as_input, out.name) == ("", "copy.bin")
    assert store.read(key) == b"original"
