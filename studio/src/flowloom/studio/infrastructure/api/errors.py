"""Problem details for the studio's own errors: invalid workflows, unreadable files, races."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from flowloom.servicekit.web.problems import install_problem_handlers, problem
from flowloom.studio.domain import errors
from flowloom.studio.infrastructure.api.schemas import problems_out
from flowloom.studio.infrastructure.database.conflicts import CONFLICTS
from flowloom.studio.infrastructure.workflow_file.errors import WorkflowFileError


def install_error_handlers(app: FastAPI) -> None:
    # Any write may meet a state conflict or a taken name (a unique constraint): 409.
    install_problem_handlers(app, conflicts=True)
    app.add_exception_handler(errors.WorkflowInvalid, _invalid_workflow)
    app.add_exception_handler(WorkflowFileError, _unreadable_file)
    app.add_exception_handler(IntegrityError, _conflict)


async def _invalid_workflow(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.WorkflowInvalid)
    found = [p.model_dump() for p in problems_out(exc.problems)]
    count = len(found)
    detail = (
        f"the workflow has {count} problem{'s' if count > 1 else ''}: fix them and deploy again"
    )
    return problem(422, detail, title="Invalid workflow", problems=found)


async def _unreadable_file(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WorkflowFileError)
    found = [
        {"file": p.filename, "line": p.line, "field": p.path, "message": p.message}
        for p in exc.problems
    ]
    return problem(422, str(exc), title="Unreadable workflow file", errors=found)


async def _conflict(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntegrityError)
    return problem(409, CONFLICTS.message(exc))
