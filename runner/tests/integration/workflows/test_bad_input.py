"""Bad trigger values on a manual run and a webhook get a 422 problem naming them, never a 500."""

from __future__ import annotations

import pytest

from .builders import deployment, manual
from .conftest import Session

pytestmark = [pytest.mark.integration, pytest.mark.slow]

JSON = {"Content-Type": "application/json"}
BEYOND_64_BITS = b"18446744073709551616"


async def deployed(session: Session) -> tuple[str, str]:
    """A workflow whose manual trigger takes an integer `n`: its runs path and webhook path."""
    workflow_id, order = deployment(session.project_id, manual(n="integer"), [])
    found = await session.deploy(order, workflow_id)
    return f"/api/runner/workflows/{workflow_id}/runs", found["webhook_path"]


async def refused(session: Session, path: str, body: bytes, content_type: str) -> dict:
    headers = {"Content-Type": content_type}
    answer = await session.post(path, content=body, headers=headers)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem: dict = answer.json()
    return problem


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
async def test_refuses_invalid_utf8_on_runs_and_webhook(
    session: Session, content_type: str
) -> None:
    for path in await deployed(session):
        problem = await refused(session, path, b'{"inputs": {"n": "\xff"}}', content_type)
        assert problem["errors"][0]["field"] == "body"
        assert "not UTF-8" in problem["errors"][0]["message"]


async def test_refuses_integer_input_beyond_64_bits_naming_it(session: Session) -> None:
    for path in await deployed(session):
        body = b'{"inputs": {"n": ' + BEYOND_64_BITS + b"}}"
        problem = await refused(session, path, body, "application/json")
        assert problem["errors"][0]["field"] == "body.inputs.n"
        assert "64 bits" in problem["errors"][0]["message"]


async def test_refuses_inputs_nested_ten_thousand_deep(session: Session) -> None:
    for path in await deployed(session):
        body = b'{"inputs": {"n": ' + b"[" * 10_000 + b"]" * 10_000 + b"}}"
        problem = await refused(session, path, body, "application/json")
        assert "nested" in problem["errors"][0]["message"]


async def test_refuses_nul_in_a_text_input(session: Session) -> None:
    runs, _ = await deployed(session)
    problem = await refused(session, runs, b'{"inputs": {"n": "1\\u0000"}}', "text/plain")
    assert problem["errors"][0]["field"] == "body.inputs.n"


async def test_refuses_since_given_as_a_number(session: Session) -> None:
    answer = await session.get("/api/runner/runs", params={"since": "0.5"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "query.since"
