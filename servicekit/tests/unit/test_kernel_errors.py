"""The kernel's errors and unit of work, and the problems every service answers for them."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from flowloom.servicekit import kernel
from flowloom.servicekit.web.problems import install_problem_handlers


def test_an_error_says_its_default_message_unless_given_one() -> None:
    assert str(kernel.NotFound()) == "not found"
    assert str(kernel.Conflict()) == "conflict with the current state"
    assert str(kernel.Forbidden()) == "not allowed"
    assert str(kernel.NotFound("no such run")) == "no such run"
    assert kernel.NotFound("no such run").args == ("no such run",)


def test_a_validation_failure_names_its_field_in_str_but_not_in_message() -> None:
    failed = kernel.ValidationFailed("body.name", "too long")
    assert (failed.field, failed.message, failed.args) == ("body.name", "too long", ("too long",))
    assert str(failed) == "body.name: too long"


class _Shorter(kernel.ValidationFailed):
    def __str__(self) -> str:
        return self.message


class _Teapot(kernel.DomainError):
    pass


async def answers(*errors: Exception, statuses: dict[type[Exception], int] | None = None) -> Any:
    app = FastAPI()
    install_problem_handlers(app, statuses)

    @app.get("/{index}")
    async def fail(index: int) -> None:
        raise errors[index]

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return [await client.get(f"/{index}") for index in range(len(errors))]


async def test_every_service_answers_the_kernel_errors_with_the_same_statuses() -> None:
    found = await answers(
        kernel.ValidationFailed("body.name", "too long"),
        kernel.Forbidden(),
        kernel.NotFound("no such run"),
        kernel.Conflict("taken", field="body.name"),
        _Shorter("query.cursor", "not a cursor"),
    )
    assert [answer.status_code for answer in found] == [422, 403, 404, 409, 422]
    assert found[0].json() == {
        "type": "about:blank#unprocessable-entity",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "body.name: too long",
        "errors": [{"field": "body.name", "message": "body.name: too long"}],
    }
    assert found[2].json()["detail"] == "no such run"
    assert "errors" not in found[2].json()
    assert found[3].json()["errors"] == [{"field": "body.name", "message": "taken"}]
    assert found[4].json()["errors"] == [{"field": "query.cursor", "message": "not a cursor"}]


async def test_a_service_adds_its_own_statuses_and_may_override_the_kernels() -> None:
    found = await answers(
        _Teapot("short and stout"),
        kernel.Forbidden(),
        statuses={_Teapot: 418, kernel.Forbidden: 404},
    )
    assert [answer.status_code for answer in found] == [418, 404]


class _Work(kernel.UnitOfWork[str]):
    def __init__(self) -> None:
        self.pending: list[str] = []
        self.committed: list[str] = []

    def emit(self, event: str) -> None:
        self.pending.append(event)

    async def commit(self) -> None:
        self.committed += self.pending
        self.pending = []

    async def rollback(self) -> None:
        self.pending = []


async def test_a_unit_of_work_forgets_what_was_not_committed_when_left() -> None:
    work = _Work()
    async with work as entered:
        assert entered is work
        work.emit("kept")
        await work.commit()
        work.emit("forgotten")
    assert (work.committed, work.pending) == (["kept"], [])
