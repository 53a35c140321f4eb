"""The zip form: workflow.yaml plus its static files, with unsafe archives refused."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from flowloom.studio.domain.bindings import FileBinding, ref
from flowloom.studio.domain.triggers import ManualTrigger
from flowloom.studio.domain.workflow import Step, Workflow
from flowloom.studio.infrastructure.workflow_file.archive import (
    read_workflow_zip,
    write_workflow_zip,
)
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


def read(data: bytes, **options: int) -> list[str]:
    with pytest.raises(WorkflowFileError) as failed:
        read_workflow_zip(data, workflow_id="w1", project="p1", **options)
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
    bundle = read_workflow_zip(data, workflow_id="w1", project="p1")
    renamed = {
        "projects/p1/files/k1/template.txt": "files/template.txt",
        "projects/p1/files/k2/template.txt": "files/template-2.txt",
        "projects/p1/files/k3/data.csv": "files/data.csv",
    }
    assert bundle.workflow == stored_workflow().rebind_files(renamed)
    assert bundle.files == {new: STORED[old] for old, new in renamed.items()}
    again = write_workflow_zip(bundle.workflow, bundle.files)
    assert again == data  # stable names, fixed timestamps: byte for byte


def test_a_zip_without_files_holds_the_yaml_only() -> None:
    bundle = read_workflow_zip(
        zip_of({"workflow.yaml": EXAMPLE.encode()}), workflow_id="w", project="p"
    )
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
    assert read(big, max_total_bytes=4000) == [
        "workflow.zip: holds more than 4000 bytes once uncompressed"
    ]


def test_errors_in_the_yaml_of_a_zip_carry_line_numbers() -> None:
    broken = EXAMPLE.replace("{ref: writer.outfile}", "{ref: writer}").encode()
    assert read(zip_of({"workflow.yaml": broken})) == [
        'workflow.yaml:19: steps[1].inputs.file: a reference must look like "step.output", '
        "not 'writer'"
    ]
