"""Request bodies of manual runs and webhooks: bounded, answered 413 before being read whole."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from flowloom.testkit.http_probe import Exchange, exchange, request_head

from .builders import deployment, manual
from .conftest import Session

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BOUNDARY = "flowloom-boundary"
FORM = f"multipart/form-data; boundary={BOUNDARY}"
MIB = 1024**2


def form_opening(field: str, filename: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()


def endless(first: bytes = b"") -> Iterator[bytes]:
    """A body that would go on for ever."""
    yield first
    while True:
        yield b"\0" * (256 * 1024)


async def post(
    session: Session, path: str, content_type: str, length: int | None, body: Iterator[bytes]
) -> Exchange:
    origin = urlsplit(session.platform.base_url(path))
    headers = {**session.headers, "Content-Type": content_type}
    head = request_head("POST", path, headers, length)
    assert origin.hostname
    assert origin.port
    return await exchange(origin.hostname, origin.port, head, body, chunked=length is None)


async def deployed_file_workflow(session: Session) -> tuple[str, str]:
    """A workflow whose manual trigger takes a file (no step): its id and webhook path."""
    workflow_id, order = deployment(session.project_id, manual(doc="file"), [])
    deployed = await session.deploy(order, workflow_id)
    return workflow_id, deployed["webhook_path"]


async def test_answers_413_at_once_when_manual_run_announces_a_body_over_the_limit(
    session: Session,
) -> None:
    workflow_id, _ = await deployed_file_workflow(session)
    path = f"/api/runner/workflows/{workflow_id}/runs"
    sent = await post(session, path, FORM, 5 * 1024**3, iter([form_opening("doc", "big.bin")]))
    assert sent.answer.status == 413
    problem = sent.answer.json()
    assert "FLOWLOOM_RUNNER_UPLOAD_BODY_BYTES" in problem["detail"]
    assert "1073741824 bytes (1 GiB" in problem["detail"]
    if session.platform.mode == "embedded":  # behind the proxy, nginx owns the connection
        assert sent.answer.closed


async def test_cuts_off_webhook_form_with_413_when_it_goes_on_past_the_limit(
    session: Session,
) -> None:
    _, hook = await deployed_file_workflow(session)
    sent = await post(session, hook, FORM, None, endless(form_opening("doc", "endless.bin")))
    assert sent.answer.status == 413
    assert "FLOWLOOM_RUNNER_WEBHOOK_BODY_BYTES" in sent.answer.json()["detail"]
    assert sent.sent < 2 * 100 * MIB  # cut off near its 100 MiB, not read to its end
    if session.platform.mode == "embedded":
        assert sent.answer.closed


async def test_answers_413_when_manual_run_json_goes_past_the_json_limit(
    session: Session,
) -> None:
    workflow_id, _ = await deployed_file_workflow(session)
    path = f"/api/runner/workflows/{workflow_id}/runs"
    sent = await post(session, path, "application/json", None, endless(b'{"inputs": "'))
    assert sent.answer.status == 413
    assert "FLOWLOOM_RUNNER_JSON_BODY_BYTES" in sent.answer.json()["detail"]
    assert sent.sent < 64 * MIB
