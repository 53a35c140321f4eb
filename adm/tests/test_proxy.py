"""The reverse proxy of the distributed platform: a service that does not answer is a problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from flowloom.adm.proxy import ReverseProxy, nginx_binary
from flowloom.testkit import testing


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[ReverseProxy]:
    testing.require_program("nginx", nginx_binary())
    down = testing.free_port()  # nobody listens there: a service restarting, or dead
    proxy = ReverseProxy(tmp_path / "proxy", testing.free_port(), {"runner": f"127.0.0.1:{down}"})
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


def test_answers_503_problem_when_the_service_does_not_answer(proxy: ReverseProxy) -> None:
    answer = httpx.get(f"{proxy.origin}/api/runner/runs")

    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["retry-after"] == "5"
    assert answer.json()["dependency"] == "runner service"
