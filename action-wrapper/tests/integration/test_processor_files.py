"""Files through a real wrapper subprocess: staged inputs, S3 uploads, fresh workspaces."""

from __future__ import annotations

import io as bytes_io
import json
import tempfile
import uuid
import zipfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb

from .harness import Action, Store, Wrapper, io, terminal, text

pytestmark = pytest.mark.integration

StartWrapper = Callable[..., Awaitable[Wrapper]]


FRESH = Action(
    "Processor",
    """
    import json, os

    def handle(inputs):
        report = {
            "cwd": sorted(os.listdir(".")),
            "tmp_file_seen": os.path.exists(inputs["tmp_file"]),
            "env": os.environ.get("FLOWLOOM_TEST_LEAKED"),
        }
        with open("marker.txt", "w") as marker:
            marker.write("left by a previous execution")
        with open(inputs["tmp_file"], "w") as out:
            out.write("fixed path in /tmp")
        os.environ["FLOWLOOM_TEST_LEAKED"] = "yes"
        return {"report": json.dumps(report), "outfile": inputs["tmp_file"]}
    """,
    inputs=[io("tmp_file", "string")],
    outputs=[io("report", "string"), io("outfile", "file")],
)


async def test_second_execution_sees_nothing_when_first_wrote_files_and_environment(
    wrapper_for: StartWrapper, store: Store
) -> None:
    wrapper = await wrapper_for(FRESH)
    tmp_file = str(Path(tempfile.gettempdir()) / f"flowloom-test-{uuid.uuid4().hex}.txt")
    for attempt in ("first", "second"):
        key = f"fresh/{attempt}"
        result = terminal(
            await wrapper.run({"tmp_file": text(tmp_file)}, {"outfile": store.upload_url(key)})
        ).result
        report = json.loads(result.outputs["report"].string_value)
        assert report == {"cwd": [], "tmp_file_seen": False, "env": None}
        assert store.read(key) == b"fixed path in /tmp"
        assert result.outputs["outfile"].file_value.name == Path(tmp_file).name


INPUTS = Action(
    "Processor",
    """
    import json, os

    def handle(inputs):
        doc, folder = inputs["doc"], inputs["folder"]
        files = sorted(
            os.path.relpath(os.path.join(root, name), folder)
            for root, _, names in os.walk(folder) for name in names
        )
        with open(doc) as file, open(os.path.join(folder, "sub", "b.txt")) as nested:
            report = {
                "doc": [os.path.basename(doc), file.read()],
                "folder": [os.path.basename(folder), files, nested.read()],
            }
        return {"report": json.dumps(report)}
    """,
    inputs=[io("doc", "file"), io("folder", "directory")],
    outputs=[io("report", "string")],
)


async def test_handler_reads_original_names_and_content_when_file_and_directory_inputs(
    wrapper_for: StartWrapper, store: Store
) -> None:
    archive = bytes_io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.txt", "alpha")
        zipped.writestr("sub/b.txt", "beta")
    inputs = {
        "doc": pb.Value(file_value=pb.FileRef(url=store.upload(b"x,y\n1,2\n"), name="report.csv")),
        "folder": pb.Value(
            file_value=pb.FileRef(
                url=store.upload(archive.getvalue()), name="photos", directory=True
            )
        ),
    }
    wrapper = await wrapper_for(INPUTS)
    report = json.loads(terminal(await wrapper.run(inputs)).result.outputs["report"].string_value)
    assert report == {
        "doc": ["report.csv", "x,y\n1,2\n"],
        "folder": ["photos", ["a.txt", "sub/b.txt"], "beta"],
    }


OUTPUTS = Action(
    "Processor",
    """
    import pathlib

    def handle(inputs):
        pathlib.Path("result.bin").write_bytes(bytes(range(256)) * 10)
        for name, content in {"a.txt": "alpha", "nested/b.txt": "beta"}.items():
            path = pathlib.Path("out", name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
        pathlib.Path("out", "empty").mkdir()
        return {"result": "result.bin", "folder": str(pathlib.Path("out").absolute())}
    """,
    outputs=[io("result", "file"), io("folder", "directory")],
)


async def test_outputs_land_in_s3_when_handler_returns_file_and_directory(
    wrapper_for: StartWrapper, store: Store
) -> None:
    wrapper = await wrapper_for(OUTPUTS)
    urls = {"result": store.upload_url("out/result"), "folder": store.upload_url("out/folder")}
    outputs = terminal(await wrapper.run(output_urls=urls)).result.outputs
    result, folder = outputs["result"].file_value, outputs["folder"].file_value
    assert (result.name, result.size, result.directory) == ("result.bin", 2560, False)
    assert store.read("out/result") == bytes(range(256)) * 10
    assert (folder.name, folder.directory) == ("out", True)
    archive = store.read("out/folder")
    assert folder.size == len(archive)
    with zipfile.ZipFile(bytes_io.BytesIO(archive)) as zipped:
        assert sorted(zipped.namelist()) == ["a.txt", "empty/", "nested/", "nested/b.txt"]
        assert zipped.read("nested/b.txt") == b"beta"
