"""Each service database: state (revision, rows), dump, restore and wipe; SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import URL, make_url

from flowloom.adm.errors import AdmError

VERSION_TABLE = "alembic_version"
CONNECT_TIMEOUT = 5.0


class MissingDatabase(AdmError):
    """The PostgreSQL server answers but has no such database."""


@dataclass(frozen=True, slots=True)
class DatabaseState:
    """Where a database stands: its Alembic revision (None: never migrated) and rows per table."""

    revision: str | None
    rows: dict[str, int]

    @property
    def empty(self) -> bool:
        return not any(n for table, n in self.rows.items() if table != VERSION_TABLE)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


def dump_extension(url: str) -> str:
    return "sqlite" if is_sqlite(url) else "pgdump"


async def state(url: str, *, missing_ok: bool = False) -> DatabaseState:
    """Revision and row counts; an absent SQLite file reads as an empty, unmigrated database,
    and so does an absent PostgreSQL database with `missing_ok` (else it is an error)."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if not path.exists():
            return DatabaseState(None, {})
        with _sqlite(path) as connection:
            return _sqlite_state(connection)
    try:
        connection = await _connect(url)
    except MissingDatabase:
        if missing_ok:
            return DatabaseState(None, {})
        raise
    try:
        return await _postgres_state(connection)
    finally:
        await connection.close()


async def dump(url: str, destination: Path) -> DatabaseState:
    """A consistent copy of the database in `destination`, and the state it holds."""
    if is_sqlite(url):
        return await asyncio.to_thread(_dump_sqlite, sqlite_path(url), destination)
    return await _dump_postgres(url, destination)


async def restore(url: str, source: Path) -> None:
    """Replace the database by the dump in `source` (a file copy, or `pg_restore --clean`)."""
    if is_sqlite(url):
        await asyncio.to_thread(_restore_sqlite, source, sqlite_path(url))
        return
    await _ensure_database(url)
    await _run(
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction",
        "--exit-on-error", "--dbname", _url(url).database or "", str(source), url=url,
    )  # fmt: skip


async def wipe(url: str) -> None:
    """Remove every table (and so every row) of the database."""
    if is_sqlite(url):
        await asyncio.to_thread(_wipe_sqlite, sqlite_path(url))
        return
    try:
        connection = await _connect(url)
    except MissingDatabase:
        return
    try:
        tables = await _postgres_tables(connection)
        for table in tables:
            await connection.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    finally:
        await connection.close()


# SQLite ---------------------------------------------------------------------------------------


@contextmanager
def _sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        connection.execute("PRAGMA busy_timeout=30000")
        yield connection


def _sqlite_state(connection: sqlite3.Connection) -> DatabaseState:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    rows = {
        name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])  # noqa: S608
        for name in sorted(names)
    }
    revision = None
    if VERSION_TABLE in rows:
        found = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()  # noqa: S608
        revision = found[0] if found else None
    return DatabaseState(revision, rows)


def _dump_sqlite(source: Path, destination: Path) -> DatabaseState:
    """The online backup API: a consistent snapshot even while the platform writes."""
    if not source.exists():
        raise AdmError(f"no database at {source}: start the platform or migrate first")
    with _sqlite(source) as live, closing(sqlite3.connect(destination)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
        return _sqlite_state(copy)


def _wipe_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _restore_sqlite(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{destination}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, destination)


# PostgreSQL -----------------------------------------------------------------------------------


def _url(url: str) -> URL:
    return make_url(url)


def _dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def _connect(url: str, database: str | None = None) -> Any:
    parsed = _url(url)
    if database is not None:
        parsed = parsed.set(database=database)
    where = parsed.render_as_string(hide_password=True)
    try:
        return await asyncpg.connect(_dsn(parsed), timeout=CONNECT_TIMEOUT)
    except asyncpg.InvalidCatalogNameError:
        raise MissingDatabase(f"no database {parsed.database!r} at {where}") from None
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        raise AdmError(f"cannot connect to {where}: {error}") from None


async def _postgres_tables(connection: Any) -> list[str]:
    found = await connection.fetch(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
    )
    return [f'"{row["schemaname"]}"."{row["tablename"]}"' for row in found]


async def _postgres_state(connection: Any) -> DatabaseState:
    rows: dict[str, int] = {}
    revision = None
    for table in await _postgres_tables(connection):
        name = table.split(".", 1)[1].strip('"')
        rows[name] = int(await connection.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608
        if name == VERSION_TABLE:
            revision = await connection.fetchval(f"SELECT version_num FROM {table}")  # noqa: S608
    return DatabaseState(revision, rows)


async def _dump_postgres(url: str, destination: Path) -> DatabaseState:
    """`pg_dump` inside a snapshot exported by a repeatable-read transaction: the counts in the
    manifest and the dump see exactly the same rows."""
    connection = await _connect(url)
    try:
        transaction = connection.transaction(isolation="repeatable_read", readonly=True)
        await transaction.start()
        try:
            snapshot = await connection.fetchval("SELECT pg_export_snapshot()")
            found = await _postgres_state(connection)
            await _run(
                "pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file",
                str(destination), _url(url).database or "", url=url,
            )  # fmt: skip
        finally:
            await transaction.rollback()
    finally:
        await connection.close()
    return found


async def ensure(url: str) -> None:
    """Create the PostgreSQL database when it does not exist (SQLite files create themselves)."""
    if not is_sqlite(url):
        await _ensure_database(url)


async def _ensure_database(url: str) -> None:
    try:
        connection = await _connect(url)
    except MissingDatabase:
        name = _url(url).database or ""
        admin = await _connect(url, database="postgres")
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        return
    await connection.close()


async def _run(program: str, *arguments: str, url: str) -> None:
    """Run a PostgreSQL client tool; the password goes through the environment, not argv."""
    executable = shutil.which(program)
    if executable is None:
        raise AdmError(
            f"{program} not found: install the PostgreSQL client tools of the server's version"
        )
    parsed = _url(url)
    env = {**os.environ, "PGHOST": parsed.host or "127.0.0.1", "PGPORT": str(parsed.port or 5432)}
    if parsed.username:
        env["PGUSER"] = parsed.username
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    process = await asyncio.create_subprocess_exec(
        executable, *arguments, env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    if process.returncode != 0:
        message = stderr.decode(errors="replace").strip().splitlines()
        raise AdmError(f"{program} failed: {message[-1] if message else process.returncode}")
