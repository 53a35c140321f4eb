"""The zip form of a workflow: ``workflow.yaml`` plus the static files it names."""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from flowloom.studio.domain.workflow import Workflow
from flowloom.studio.infrastructure.workflow_file.errors import FileProblem, WorkflowFileError
from flowloom.studio.infrastructure.workflow_file.paths import safe_path
from flowloom.studio.infrastructure.workflow_file.reader import read_workflow
from flowloom.studio.infrastructure.workflow_file.writer import write_workflow

WORKFLOW_FILE = "workflow.yaml"
FILES_FOLDER = "files"
MAX_TOTAL_BYTES = 512 * 1024 * 1024
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # reproducible archives


@dataclass(frozen=True)
class WorkflowBundle:
    """A workflow read from a zip and the content of each static file, by the path it uses."""

    workflow: Workflow
    files: Mapping[str, bytes] = field(default_factory=dict)


def read_workflow_zip(
    data: bytes,
    *,
    workflow_id: str,
    project: str,
    filename: str = "workflow.zip",
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> WorkflowBundle:
    """The workflow in ``data`` (a zip) and the files its ``{file: path}`` bindings name.

    Raises WorkflowFileError for a bad archive: not a zip, no ``workflow.yaml``, a member path
    that leaves the archive (absolute, ``..``), a symbolic link, a named file that is missing,
    or more than ``max_total_bytes`` once uncompressed. Other members are ignored.
    """

    def fail(message: str, name: str = filename) -> WorkflowFileError:
        return WorkflowFileError([FileProblem(name, None, "", message)])

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise fail("is not a zip archive") from None
    with archive:
        members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if info.is_dir():
                continue
            normal, why = safe_path(info.filename)
            if normal is None:
                raise fail(f"member {why}")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise fail(f"member '{info.filename}' is a symbolic link")
            members[normal] = info
        if sum(info.file_size for info in members.values()) > max_total_bytes:
            raise fail(f"holds more than {max_total_bytes} bytes once uncompressed")
        if WORKFLOW_FILE not in members:
            raise fail(f"has no {WORKFLOW_FILE} at its root")
        text = _read(archive, members[WORKFLOW_FILE], filename)
        workflow = read_workflow(text, workflow_id=workflow_id, project=project)
        missing = [p for p in workflow.file_paths() if p not in members]
        if missing:
            raise WorkflowFileError(
                [
                    FileProblem(filename, None, "", f"has no file '{p}' (named by {WORKFLOW_FILE})")
                    for p in missing
                ]
            )
        files = {p: _read(archive, members[p], filename) for p in workflow.file_paths()}
    return WorkflowBundle(workflow, files)


def write_workflow_zip(workflow: Workflow, contents: Mapping[str, bytes]) -> bytes:
    """A zip of ``workflow.yaml`` and the static files, ``contents`` giving each file's bytes by
    the path (or object-store key) the workflow uses.

    Each file is stored as ``files/<name>`` (``files/<stem>-2<ext>`` when two share a name) and
    the bindings are rewritten to these paths, so that the archive is self-contained. KeyError
    when ``contents`` lacks a file the workflow uses.
    """
    renamed = _archive_names(workflow.file_paths())
    exported = workflow.rebind_files(renamed)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, WORKFLOW_FILE, write_workflow(exported).encode())
        for original, name in renamed.items():
            _add(archive, name, contents[original])
    return buffer.getvalue()


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as error:
        problem = FileProblem(
            filename, None, "", f"member '{info.filename}' cannot be read: {error}"
        )
        raise WorkflowFileError([problem]) from None


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _archive_names(paths: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    taken: set[str] = set()
    for path in paths:
        stem, ext = posixpath.splitext(posixpath.basename(path))
        candidate, counter = f"{FILES_FOLDER}/{stem}{ext}", 1
        while candidate in taken:
            counter += 1
            candidate = f"{FILES_FOLDER}/{stem}-{counter}{ext}"
        taken.add(candidate)
        names[path] = candidate
    return names
