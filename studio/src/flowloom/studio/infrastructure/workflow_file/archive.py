"""The zip form of a workflow: ``workflow.yaml`` plus the static files it names."""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import IO, TypeVar

from flowloom.studio.domain.workflow import Workflow
from flowloom.studio.infrastructure.workflow_file.bounded_zip import (
    Budget,
    ZipLimits,
    ZipRefused,
    check_entries,
)
from flowloom.studio.infrastructure.workflow_file.errors import FileProblem, WorkflowFileError
from flowloom.studio.infrastructure.workflow_file.paths import safe_path
from flowloom.studio.infrastructure.workflow_file.reader import read_workflow
from flowloom.studio.infrastructure.workflow_file.writer import write_workflow

WORKFLOW_FILE = "workflow.yaml"
FILES_FOLDER = "files"
T = TypeVar("T")
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # reproducible archives


@dataclass(frozen=True)
class WorkflowBundle:
    """A workflow read from a zip and each static file it names, by the path it uses, as an
    open file (rewound) that `close()` closes."""

    workflow: Workflow
    files: Mapping[str, IO[bytes]] = field(default_factory=dict)

    def close(self) -> None:
        for file in self.files.values():
            file.close()


def read_workflow_zip(
    data: IO[bytes],
    *,
    workflow_id: str,
    project: str,
    limits: ZipLimits,
    filename: str = "workflow.zip",
) -> WorkflowBundle:
    """The workflow in ``data`` (an open zip) and the files its ``{file: path}`` bindings name,
    copied out within ``limits`` (blocking: call it in a worker thread).

    Raises WorkflowFileError for a bad archive: not a zip, no ``workflow.yaml``, a member path
    that leaves the archive (absolute, ``..``), a symbolic link, a named file that is missing,
    more entries than ``limits.max_files``, a ``workflow.yaml`` over ``limits.max_text_bytes``,
    or more than ``limits.max_bytes`` read out of it (bytes counted as they are read, never
    taken from the sizes the archive declares). Other members are ignored (never read).
    """

    def fail(message: str) -> WorkflowFileError:
        return WorkflowFileError([FileProblem(filename, None, "", message)])

    try:
        check_entries(data, limits)
        archive = zipfile.ZipFile(data)
    except ZipRefused as refused:
        raise fail(str(refused)) from None
    except (zipfile.BadZipFile, ValueError):
        raise fail("is not a zip archive") from None
    with archive:
        members = _members(archive, fail)
        if WORKFLOW_FILE not in members:
            raise fail(f"has no {WORKFLOW_FILE} at its root")
        budget = Budget(limits)
        text = _read(lambda: budget.read_text(archive, members[WORKFLOW_FILE]), fail)
        workflow = read_workflow(text, workflow_id=workflow_id, project=project)
        missing = [p for p in workflow.file_paths() if p not in members]
        if missing:
            raise WorkflowFileError(
                [
                    FileProblem(filename, None, "", f"has no file '{p}' (named by {WORKFLOW_FILE})")
                    for p in missing
                ]
            )
        files: dict[str, IO[bytes]] = {}
        bundle = WorkflowBundle(workflow, files)  # closes the files copied out so far
        try:
            for path in dict.fromkeys(workflow.file_paths()):
                files[path] = _read(partial(budget.extract, archive, members[path]), fail)
        except BaseException:
            bundle.close()
            raise
    return bundle


def _members(
    archive: zipfile.ZipFile, fail: Callable[[str], WorkflowFileError]
) -> dict[str, zipfile.ZipInfo]:
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
    return members


def _read(read: Callable[[], T], fail: Callable[[str], WorkflowFileError]) -> T:
    try:
        return read()
    except ZipRefused as refused:
        raise fail(str(refused)) from None
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as error:
        raise fail(f"cannot be read: {error}") from None


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
