"""Trigger outputs from a request body: JSON (`{"inputs": {...}}` or a flat object) or a form.

The body's size is bounded before it is read (servicekit's body limits, set in `app.py`). A
form's files are spooled to temporary files by the multipart parser and handed on open, to be
streamed to the object store; they are closed when the request is done with them.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from flowloom.runner.domain.errors import RunInputRejected, ValidationFailed
from flowloom.runner.domain.values import FileContent, TriggerValue
from flowloom.servicekit.web.json_guard import json_problem
from flowloom.servicekit.web.problems import problem

FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
# A form names a trigger's outputs: a few fields. Each file part under 1 MiB and each text
# field stays in memory, so their number is what bounds a form's memory.
MAX_FORM_FILES = 16
MAX_FORM_FIELDS = 64

TriggerValues = tuple[dict[str, TriggerValue], bool]
# The body of a manual run and of a webhook (read by hand, so documented here).
TRIGGER_VALUES_BODY: dict[str, Any] = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "title": "RunInputs",
                    "properties": {
                        "inputs": {
                            "type": "object",
                            "additionalProperties": True,
                            "description": "The trigger's outputs by name, typed JSON values.",
                        }
                    },
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "title": "RunForm",
                    "description": "One field per trigger output: files as file fields, "
                    "other values as text read by the output's type.",
                    "additionalProperties": {"type": "string", "format": "binary"},
                }
            },
        }
    }
}


@asynccontextmanager
async def trigger_values(request: Request) -> AsyncIterator[TriggerValues]:
    """The values and whether they are text to read by type (forms) or typed JSON; a form's
    files stay open until the block ends."""
    if request.headers.get("content-type", "").startswith(FORMS):
        async with request.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS) as form:
            values: dict[str, TriggerValue] = {}
            for name, field in form.multi_items():
                if isinstance(field, UploadFile):
                    values[name] = FileContent(field.filename or name, field.file)
                else:
                    values[name] = field
            yield values, True
        return
    yield await _json_values(await request.body()), False


async def _json_values(body: bytes) -> dict[str, TriggerValue]:
    """A body of any content type but a form is read as JSON: checked like every JSON body
    (servicekit's `json_problem`: UTF-8, depth, 64-bit integers, NUL) before it is parsed."""
    if not body.strip():
        return {}
    found = json_problem(body)
    if found is not None:
        raise ValidationFailed(found.field, found.message)
    try:
        document: Any = json.loads(body)
    except json.JSONDecodeError as error:
        raise ValidationFailed("body", f"malformed JSON: {error.msg}") from None
    if not isinstance(document, dict):
        raise ValidationFailed("body", "must be a JSON object of input values")
    inputs = document.get("inputs", document)
    if not isinstance(inputs, dict):
        raise ValidationFailed("body.inputs", "must be an object of input values")
    return dict(inputs)


async def rejected_inputs(_: Request, exc: Exception) -> JSONResponse:
    """422 naming every input at fault once: `detail` is their messages, `errors` one entry
    per input (`inputs.<name>`)."""
    assert isinstance(exc, RunInputRejected)
    errors = [{"field": field, "message": message} for field, message in exc.problems]
    return problem(422, exc.message, title="Invalid run inputs", errors=errors)
