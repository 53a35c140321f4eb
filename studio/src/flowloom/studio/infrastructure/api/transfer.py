"""Static files of a workflow, import and export of workflow files, the file's JSON Schema."""

from __future__ import annotations

import asyncio
import contextlib
import io
import posixpath
import re
import tempfile
from typing import IO, Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from flowloom.studio.domain.errors import Conflict
from flowloom.studio.domain.workflow import Workflow
from flowloom.studio.infrastructure.api.deps import (
    PREFIX,
    CurrentCaller,
    Editor,
    ImportLimits,
    Transfer,
)
from flowloom.studio.infrastructure.api.schemas import FileOut, WorkflowOut
from flowloom.studio.infrastructure.workflow_file.archive import (
    WorkflowBundle,
    read_workflow_zip,
    write_workflow_zip,
)
from flowloom.studio.infrastructure.workflow_file.bounded_zip import SPOOL, ZipLimits
from flowloom.studio.infrastructure.workflow_file.errors import FileProblem, WorkflowFileError
from flowloom.studio.infrastructure.workflow_file.reader import read_workflow
from flowloom.studio.infrastructure.workflow_file.schema import WORKFLOW_FILE_SCHEMA
from flowloom.studio.infrastructure.workflow_file.writer import write_workflow

router = APIRouter(prefix=PREFIX, tags=["files"])
ZIP_MAGIC = b"PK\x03\x04"
IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/yaml": {"schema": {"type": "string"}},
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.post(
    "/workflows/{workflow_id}/files",
    status_code=201,
    summary="Upload a static file",
    description='Multipart field `file`. Bind it with {"file": <key>} on a file input. The file '
    "is streamed to the object store, never read whole into memory.",
    form_limits={"max_files": 1, "max_fields": 8},
)
async def upload_file(
    workflow_id: str,
    file: Annotated[UploadFile, File(description="The file.")],
    caller: Editor,
    transfer: Transfer,
) -> FileOut:
    static = await transfer.upload(
        caller.project_id, workflow_id, file.filename or "file", file.file, file.content_type or ""
    )
    return FileOut.of(static)


@router.post(
    "/workflows/import",
    status_code=201,
    summary="Import a workflow file",
    description="Body: a workflow.yaml text, or a zip of workflow.yaml and its static files. "
    "`name` overrides the file's name; `workflow_id` replaces that workflow's definition "
    "(answer 200) instead of creating one; `replace=true` replaces the definition of the "
    "workflow that has the name, if any. Names are unique in a project: a name another "
    "workflow has answers 409 saying so. An unreadable file, or a `when` over a condition "
    "limit (size, nesting: see the step's `when`), answers 422 with `errors` (`line`, `field`, "
    "`message`); a readable one is stored with its `problems`. A zip is read within limits on "
    "what it really holds (entries, bytes read out of it, the size of its workflow.yaml): past "
    "one, 422 naming the limit.",
    openapi_extra=IMPORT_BODY,
    responses={
        200: {"description": "An existing workflow was replaced."},
        409: {"description": "Another workflow of the project has the name."},
    },
)
async def import_workflow(
    request: Request,
    caller: Editor,
    transfer: Transfer,
    limits: ImportLimits,
    name: Annotated[str | None, Query(min_length=1, description="The workflow's name.")] = None,
    workflow_id: Annotated[str | None, Query(description="Replace this workflow.")] = None,
    replace: Annotated[
        bool, Query(description="Replace the workflow that has the name, if any.")
    ] = False,
) -> JSONResponse:
    with tempfile.SpooledTemporaryFile(max_size=SPOOL) as body:
        async for chunk in request.stream():  # bounded by the route's body limit
            body.write(chunk)
        body.seek(0)
        if body.read(len(ZIP_MAGIC)) == ZIP_MAGIC:
            bundle = await asyncio.to_thread(
                read_workflow_zip, body, workflow_id="", project=caller.project_id, limits=limits
            )
        else:
            bundle = WorkflowBundle(_workflow_text(body, caller.project_id, limits))
    with contextlib.closing(bundle):
        view, created = await transfer.import_workflow(
            caller.project_id,
            bundle.workflow,
            bundle.files,
            name=name,
            workflow_id=workflow_id,
            replace=replace,
        )
    answer = WorkflowOut.of(view).model_dump(mode="json")
    return JSONResponse(answer, status_code=201 if created else 200)


def _workflow_text(body: IO[bytes], project: str, limits: ZipLimits) -> Workflow:
    """A workflow.yaml body: read into memory, so bounded like one in a zip."""
    size = body.seek(0, io.SEEK_END)
    if size > limits.max_text_bytes:
        raise _problem(
            f"is larger than {limits.max_text_bytes} bytes (the limit, {limits.text_setting}): "
            "a workflow file is small; import a zip for big static files"
        )
    body.seek(0)
    workflow = read_workflow(body.read(), workflow_id="", project=project)
    if workflow.file_paths():
        raise _problem("names static files: import a zip of workflow.yaml and these files")
    return workflow


def _problem(message: str) -> WorkflowFileError:
    return WorkflowFileError([FileProblem("workflow.yaml", None, "", message)])


@router.get(
    "/workflows/{workflow_id}/export",
    summary="Export a workflow",
    description="workflow.yaml when it has no static file, otherwise a zip of workflow.yaml and "
    "its files (`format` forces one). `format=yaml` for a workflow with static files is a 409: "
    "a YAML file cannot hold them, and one naming object-store keys could not be imported "
    "back; export it as a zip.",
    response_class=Response,
    responses={
        200: {"content": {"application/yaml": {}, "application/zip": {}}},
        409: {"description": "`format=yaml` for a workflow with static files."},
    },
)
async def export_workflow(
    workflow_id: str,
    caller: CurrentCaller,
    transfer: Transfer,
    format: Annotated[Literal["yaml", "zip"] | None, Query(description="yaml or zip.")] = None,
) -> Response:
    export = await transfer.export(caller.project_id, workflow_id)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", export.workflow.name).strip("-") or "workflow"
    if (format or ("zip" if export.files else "yaml")) == "zip":
        content = write_workflow_zip(export.workflow, export.files)
        return _download(content, "application/zip", f"{stem}.zip")
    if export.files:
        names = ", ".join(sorted(posixpath.basename(key) for key in export.files))
        raise Conflict(
            f"workflow '{export.workflow.name}' has static files ({names}) that a YAML file "
            "cannot hold: export it as a zip (format=zip; with the CLI, -o NAME.zip)"
        )
    return _download(write_workflow(export.workflow).encode(), "application/yaml", f"{stem}.yaml")


@router.get(
    "/workflow-schema",
    summary="JSON Schema of workflow.yaml",
    description="Draft 2020-12; describes the shape of the file (the meaning is checked by "
    "the workflow's problems).",
)
async def workflow_schema(caller: CurrentCaller) -> dict[str, Any]:
    return WORKFLOW_FILE_SCHEMA


def _download(content: bytes, media_type: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type=media_type, headers=headers)
