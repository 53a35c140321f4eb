"""Fixtures of the CLI tests: a private configuration file and a fake Flowloom server."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from flowloom.cli import session
from flowloom.cli.main import app

URL = "http://flowloom.test"
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def config_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "conf" / "config.json"
    monkeypatch.setenv("FLOWLOOM_CONFIG", str(path))
    return path


def problem(status: int, title: str, detail: str, **extra: Any) -> httpx.Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


def tokens(project_id: str | None = None, minutes: int = 15, access: str = "access-1") -> dict:
    now = datetime.now(UTC)
    return {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": minutes * 60,
        "expires_at": (now + timedelta(minutes=minutes)).isoformat(),
        "refresh_token": f"refresh-of-{access}",
        "refresh_expires_at": (now + timedelta(days=14)).isoformat(),
        "project_id": project_id,
        "role": "owner" if project_id else None,
    }


@dataclass
class FakeServer:
    """Answers by (method, path); every request is kept for the test to look at."""

    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def on(self, method: str, path: str, answer: Handler | dict | list) -> None:
        if callable(answer):
            self.routes[(method, path)] = answer
        else:
            self.routes[(method, path)] = lambda _, body=answer: httpx.Response(200, json=body)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        handler = self.routes.get((request.method, request.url.path))
        if handler is None:
            return problem(404, "Not Found", f"no route {request.method} {request.url.path}")
        return handler(request)

    def last(self, method: str, path: str) -> httpx.Request:
        return [r for r in self.requests if (r.method, r.url.path) == (method, path)][-1]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    fake = FakeServer()
    monkeypatch.setattr(session, "transport", httpx.MockTransport(fake))
    return fake


@pytest.fixture
def logged_in(config_path: Path, server: FakeServer) -> Path:
    """A configuration as `login` leaves it, scoped to project p1."""
    config_path.parent.mkdir(parents=True)
    token = tokens("p1")
    config = {
        "url": URL,
        "username": "admin",
        "access_token": token["access_token"],
        "access_expires_at": token["expires_at"],
        "refresh_token": token["refresh_token"],
        "refresh_expires_at": token["refresh_expires_at"],
        "project_id": "p1",
        "project_name": "alpha",
    }
    config_path.write_text(json.dumps(config))
    return config_path


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> Callable[..., Result]:
    def invoke(*args: str, input: str | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke
