"""Trigger outputs from a request body: JSON (`{"inputs": {...}}` or a flat object) or a form."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from flowloom.runner.domain.errors import ValidationFailed
from flowloom.runner.domain.values import FileContent, TriggerValue


async def trigger_values(request: Request) -> tuple[dict[str, TriggerValue], bool]:
    """The values and whether they are text to read by type (forms) or typed JSON."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        values: dict[str, TriggerValue] = {}
        for name, field in form.multi_items():
            if isinstance(field, UploadFile):
                values[name] = FileContent(field.filename or name, await field.read())
            else:
                values[name] = field
        return values, True
    body = await request.body()
    if not body.strip():
        return {}, False
    try:
        document: Any = json.loads(body)
    except json.JSONDecodeError as error:
        raise ValidationFailed("body", f"malformed JSON: {error.msg}") from None
    if not isinstance(document, dict):
        raise ValidationFailed("body", "must be a JSON object of input values")
    inputs = document.get("inputs", document)
    if not isinstance(inputs, dict):
        raise ValidationFailed("body.inputs", "must be an object of input values")
    return dict(inputs), False
