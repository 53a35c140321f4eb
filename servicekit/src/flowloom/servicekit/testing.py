"""Helpers for test suites that need a real service (PostgreSQL, RabbitMQ, S3) on this machine."""

import os
import socket

REQUIRE_SERVICES_ENV = "FLOWLOOM_REQUIRE_SERVICES"


def require_service(name: str, host: str, port: int, *, timeout: float = 1.0) -> None:
    """Skip the calling test when ``host:port`` does not accept TCP connections.

    With ``FLOWLOOM_REQUIRE_SERVICES=1`` (as in CI) the test fails instead, so that a missing
    service can never turn a test run green by skipping.
    """
    import pytest

    try:
        with socket.create_connection((host, port), timeout=timeout):
            return
    except OSError as error:
        reason = f"{name} is not reachable at {host}:{port} ({error})"
    if os.environ.get(REQUIRE_SERVICES_ENV) == "1":
        pytest.fail(f"{reason} and {REQUIRE_SERVICES_ENV}=1", pytrace=False)
    pytest.skip(reason)


POSTGRES_URL_ENV = "FLOWLOOM_TEST_POSTGRES_URL"
AMQP_URL_ENV = "FLOWLOOM_TEST_AMQP_URL"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


def postgres_admin_url() -> str:
    return os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)


def amqp_url() -> str:
    return os.environ.get(AMQP_URL_ENV, DEFAULT_AMQP_URL)


def require_postgres() -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgres_admin_url())
    require_service("PostgreSQL", url.host or "127.0.0.1", url.port or 5432)


def require_rabbitmq() -> None:
    from urllib.parse import urlsplit

    url = urlsplit(amqp_url())
    require_service("RabbitMQ", url.hostname or "127.0.0.1", url.port or 5672)


async def create_postgres_database(prefix: str = "flowloom_test") -> str:
    """Create a fresh, uniquely named database; return its SQLAlchemy URL."""
    import uuid

    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(postgres_admin_url())
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(_dsn(admin))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin.set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(postgres_admin_url())
    name = make_url(url).database
    connection = await asyncpg.connect(_dsn(admin))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def _dsn(url: "object") -> str:
    from sqlalchemy.engine import URL

    assert isinstance(url, URL)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
