"""Static files of a workflow, import and export of workflow files, the file's JSON Schema."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from flowloom.studio.infrastructure.api.deps import PREFIX, CurrentCaller, Editor, Transfer
from flowloom.studio.infrastructure.api.schemas import FileOut, WorkflowOut
from flowloom.studio.infrastructure.workflow_file.archive import (
    read_workflow_zip,
    write_workflow_zip,
)
from flowloom.studio.infrastructure.workflow_file.errors import FileProblem, WorkflowFileError
from flowloom.studio.infrastructure.workflow_file.reader import read_workflow
from flowloom.studio.infrastructure.workflow_file.schema import WORKFLOW_FILE_SCHEMA
from flowloom.studio.infrastructure.workflow_file.writer import write_workflow

router = APIRouter(prefix=PREFIX, tags=["files"])
ZIP_MAGIC = b"PK\x03\x04"
MAX_IMPORT_BYTES = 512 * 1024 * 1024
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
    description='Multipart field `file`. Bind it with {"file": <key>} on a file input.',
)
async def upload_file(
    workflow_id: str,
    file: Annotated[UploadFile, File(description="The file.")],
    caller: Editor,
    transfer: Transfer,
) -> FileOut:
    content = await file.read()
    static = await transfer.upload(
        caller.project_id, workflow_id, file.filename or "file", content, file.content_type or ""
    )
    return FileOut.of(static)


@router.post(
    "/workflows/import",
    status_code=201,
    summary="Import a workflow file",
    description="Body: a workflow.yaml text, or a zip of workflow.yaml and its static files. "
    "`name` overrides the file's name; `workflow_id` replaces that workflow's definition "
    "(answer 200) instead of creating one. An unreadable file answers 422 with `errors` "
    "(`line`, `field`, `message`); a readable one is stored with its `problems`.",
    openapi_extra=IMPORT_BODY,
    responses={200: {"description": "An existing workflow was replaced."}},
)
async def import_workflow(
    request: Request,
    caller: Editor,
    transfer: Transfer,
    name: Annotated[str | None, Query(min_length=1, description="The workflow's name.")] = None,
    workflow_id: Annotated[str | None, Query(description="Replace this workflow.")] = None,
) -> JSONResponse:
    data = await request.body()
    if data.startswith(ZIP_MAGIC):
        bundle = read_workflow_zip(data, workflow_id="", project=caller.project_id)
        workflow, contents = bundle.workflow, dict(bundle.files)
    else:
        workflow, contents = read_workflow(data, workflow_id="", project=caller.project_id), {}
        if workflow.file_paths():
            raise WorkflowFileError(
                [
                    FileProblem(
                        "workflow.yaml",
                        None,
                        "",
                        "names static files: import a zip of workflow.yaml and these files",
                    )
                ]
            )
    view, created = await transfer.import_workflow(
        caller.project_id, workflow, contents, name=name, workflow_id=workflow_id
    )
    body = WorkflowOut.of(view).model_dump(mode="json")
    return JSONResponse(body, status_code=201 if created else 200)


@router.get(
    "/workflows/{workflow_id}/export",
    summary="Export a workflow",
    description="workflow.yaml when it has no static file, otherwise a zip of workflow.yaml and "
    "its files (`format` forces one; a yaml export of a workflow with files names their keys).",
    response_class=Response,
    responses={200: {"content": {"application/yaml": {}, "application/zip": {}}}},
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
