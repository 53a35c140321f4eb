"""Errors no handler names: a 500 problem that says nothing of them; a database outage told
apart from a bad statement."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from flowloom.servicekit.database.engine import create_engine
from flowloom.servicekit.database.errors import database_unavailable
from flowloom.servicekit.tokens import JwksCache, TokenVerifier, http_jwks_fetcher
from flowloom.servicekit.web.bearer import bearer_claims
from flowloom.servicekit.web.problems import install_problem_handlers


async def test_answers_500_problem_without_the_error_when_a_route_fails() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/crash")
    async def crash() -> None:
        raise RuntimeError("internal detail")

    @app.get("/denied")
    async def denied() -> None:
        raise PermissionError("/srv/secret/file")  # an OSError, not from a database connect

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answers = [await client.get("/crash"), await client.get("/denied")]

    for answer in answers:
        assert answer.status_code == 500
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["status"] == 500
        assert "internal detail" not in answer.text
        assert "secret" not in answer.text
        assert "retry-after" not in answer.headers


async def sqlite_error(tmp_path: Path, statement: str) -> DBAPIError:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY)"))
            await connection.execute(text("INSERT INTO t VALUES (1)"))
            with pytest.raises(DBAPIError) as raised:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()
    return raised.value


@pytest.mark.parametrize("statement", ["SELECT * FROM missing", "INSERT INTO t VALUES (1)"])
async def test_is_no_outage_when_the_statement_is_wrong(tmp_path: Path, statement: str) -> None:
    assert not database_unavailable(await sqlite_error(tmp_path, statement))


async def test_is_an_outage_when_postgresql_refuses_the_connection() -> None:
    engine = create_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/postgres")
    try:
        with pytest.raises(ConnectionRefusedError) as raised:
            async with engine.connect():
                pass
    finally:
        await engine.dispose()
    assert database_unavailable(raised.value)


def test_is_no_outage_when_an_oserror_comes_from_elsewhere(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as raised:
        (tmp_path / "absent").read_text()
    assert not database_unavailable(raised.value)


def closed_port() -> int:
    with socket.socket() as sock:  # bound then closed: nobody listens on it
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_answers_503_naming_authorization_when_its_keys_cannot_be_fetched() -> None:
    jwks = f"http://127.0.0.1:{closed_port()}/api/authorization/.well-known/jwks.json"
    verifier = TokenVerifier(JwksCache(http_jwks_fetcher(jwks)))
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/mine", dependencies=[Depends(bearer_claims(lambda: verifier))])
    async def mine() -> str:
        return "mine"

    token = jwt.encode({"sub": "u1"}, "k" * 32, headers={"kid": "unknown-yet"})
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.get("/mine", headers={"Authorization": f"Bearer {token}"})

    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["retry-after"] == "5"
    assert answer.json()["dependency"] == "authorization service"
