"""The zip form: workflow.yaml plus its static files, with unsafe archives refused."""

from __future__ import annotations

import io
import stat
import struct
import zipfile

import pytest

from flowloom.studio.domain.bindings import FileBinding, ref
from flowloom.studio.domain.triggers import ManualTrigger
from flowloom.studio.domain.workflow import Step, Workflow
from flowloom.studio.infrastructure.workflow_file.archive import (
    WorkflowBundle,
    read_workflow_zip,
    write_workflow_zip,
)
from flowloom.studio.infrastructure.workflow_file.bounded_zip import ZipLimits
from flowloom.studio.infrastructure.workflow_file.errors import WorkflowFileError

from .example import EXAMPLE

STORED = {
    "projects/p1/files/k1/template.txt": b"Hello {name}",
    "projects/p1/files/k2/template.txt": b"Bye",
    "projects/p1/files/k3/data.csv": b"a,b\n1,2\n",
}


def stored_workflow() -> Workflow:
    return Workflow(
        "w1",
        "p1",
        "files",
        trigger=ManualTrigger(),
        steps=(
            Step("a", "catfile", inputs={"file": FileBinding("projects/p1/files/k1/template.txt")}),
            Step("b", "catfile", inputs={"file": FileBinding("projects/p1/files/k2/template.txt")}),
            Step(
                "c",
                "join",
                inputs={"x": FileBinding("projects/p1/files/k3/data.csv"), "y": ref("a.stdout")},
            ),
        ),
    )


def zip_of(members: dict[str, bytes], symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            if name == symlink:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


LIMITS = ZipLimits(64 * 1024**2, 100, 64 * 1024, "BYTES", "FILES", "TEXT")


def open_zip(data: bytes, limits: ZipLimits = LIMITS) -> WorkflowBundle:
    return read_workflow_zip(io.BytesIO(data), workflow_id="w1", project="p1", limits=limits)


def contents(bundle: WorkflowBundle) -> dict[str, bytes]:
    return {path: file.read() for path, file in bundle.files.items()}


def read(data: bytes, limits: ZipLimits = LIMITS) -> list[str]:
    with pytest.raises(WorkflowFileError) as failed:
        open_zip(data, limits)
    return [str(problem) for problem in failed.value.problems]


def test_export_then_import_keeps_the_workflow_and_the_file_contents() -> None:
    data = write_workflow_zip(stored_workflow(), STORED)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == [
        "workflow.yaml",
        "files/template.txt",
        "files/template-2.txt",
        "files/data.csv",
    ]
    bundle = open_zip(data)
    renamed = {
        "projects/p1/files/k1/template.txt": "files/template.txt",
        "projects/p1/files/k2/template.txt": "files/template-2.txt",
        "projects/p1/files/k3/data.csv": "files/data.csv",
    }
    assert bundle.workflow == stored_workflow().rebind_files(renamed)
    read_back = contents(bundle)
    assert read_back == {new: STORED[old] for old, new in renamed.items()}
    again = write_workflow_zip(bundle.workflow, read_back)
    assert again == data  # stable names, fixed timestamps: byte for byte


def test_a_zip_without_files_holds_the_yaml_only() -> None:
    bundle = open_zip(zip_of({"workflow.yaml": EXAMPLE.encode()}))
    assert bundle.files == {}
    assert bundle.workflow.name == "tick-to-file"


def test_members_outside_the_archive_are_refused() -> None:
    assert read(zip_of({"workflow.yaml": b"", "../evil.sh": b"x"})) == [
        "workflow.zip: member '../evil.sh' leaves the workflow's folder ('..' is not allowed)"
    ]
    assert read(zip_of({"/etc/passwd": b"x"})) == [
        "workflow.zip: member '/etc/passwd' must be a relative path with '/' separators"
    ]


def test_symbolic_links_missing_files_and_other_bad_archives_are_refused() -> None:
    yaml_text = EXAMPLE.replace('subject: "done"', "subject: {file: files/body.txt}").encode()
    assert read(
        zip_of(
            {"workflow.yaml": yaml_text, "files/body.txt": b"/etc/passwd"}, symlink="files/body.txt"
        )
    ) == ["workflow.zip: member 'files/body.txt' is a symbolic link"]
    assert read(zip_of({"workflow.yaml": yaml_text})) == [
        "workflow.zip: has no file 'files/body.txt' (named by workflow.yaml)"
    ]
    assert read(b"not a zip") == ["workflow.zip: is not a zip archive"]
    assert read(zip_of({"other.yaml": b""})) == ["workflow.zip: has no workflow.yaml at its root"]
    big = zip_of({"workflow.yaml": EXAMPLE.encode(), "files/big": b"0" * 5000})
    assert open_zip(big, ZipLimits(4000, 100, 4000)).files == {}  # never read: not named


def test_errors_in_the_yaml_of_a_zip_carry_line_numbers() -> None:
    broken = EXAMPLE.replace("{ref: writer.outfile}", "{ref: writer}").encode()
    assert read(zip_of({"workflow.yaml": broken})) == [
        'workflow.yaml:19: steps[1].inputs.file.ref: a reference must look like "step.output", '
        "not 'writer'"
    ]


MIB = 1024**2
NAMES_A_FILE = EXAMPLE.replace('subject: "done"', "subject: {file: files/big.bin}").encode()


def bomb(megabytes: int) -> bytes:
    """workflow.yaml naming files/big.bin: `megabytes` of zeros deflated to a few kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("workflow.yaml", NAMES_A_FILE)
        with archive.open("files/big.bin", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(bytes(MIB))
    return buffer.getvalue()


def test_refuses_zip_naming_the_limit_when_its_files_expand_past_it() -> None:
    data = bomb(64)
    assert len(data) < 200_000
    assert read(data, ZipLimits(4 * MIB, 100, 64 * 1024, "IMPORT_EXTRACTED_BYTES")) == [
        "workflow.zip: expands to more than 4194304 bytes (the limit, IMPORT_EXTRACTED_BYTES)"
    ]
    bundle = open_zip(data, ZipLimits(65 * MIB, 100, 64 * 1024))
    assert bundle.files["files/big.bin"].seek(0, 2) == 64 * MIB  # within the limit: all of it


def test_refuses_member_when_its_header_declares_less_than_its_data() -> None:
    data = bytearray(bomb(8))
    entry = data.rfind(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<L", 1024)  # "1 KiB" for the 8 MiB inside
    problems = read(bytes(data))
    assert problems[0].startswith("workflow.zip: cannot be read: ")


def test_refuses_zip_naming_the_limit_when_it_holds_more_entries() -> None:
    members = {"workflow.yaml": EXAMPLE.encode()} | {f"x/{n}": b"" for n in range(150)}
    assert read(zip_of(members), ZipLimits(MIB, 100, 64 * 1024, files_setting="IMPORT_FILES")) == [
        "workflow.zip: holds more than 100 entries (the limit, IMPORT_FILES)"
    ]


def test_counts_real_entries_when_end_record_declares_fewer() -> None:
    data = bytearray(
        zip_of({"workflow.yaml": EXAMPLE.encode()} | {f"x/{n}": b"" for n in range(150)})
    )
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = struct.pack("<2H", 1, 1)  # "one entry"
    assert read(bytes(data)) == ["workflow.zip: holds more than 100 entries (the limit, FILES)"]


def test_refuses_workflow_yaml_when_it_is_larger_than_a_workflow_file_may_be() -> None:
    padded = EXAMPLE.encode() + b"#" * (64 * 1024)
    assert read(zip_of({"workflow.yaml": padded})) == [
        "workflow.zip: member 'workflow.yaml' is larger than 65536 bytes (the limit, TEXT)"
    ]


def test_refuses_zip_when_end_record_declares_a_directory_larger_than_the_file() -> None:
    data = bytearray(zip_of({"workflow.yaml": EXAMPLE.encode()}))
    end = data.rfind(b"PK\x05\x06")
    data[end + 12 : end + 16] = struct.pack("<L", 10**9)
    assert read(bytes(data)) == ["workflow.zip: is not a zip archive"]
