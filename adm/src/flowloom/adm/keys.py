"""`flowloom-adm keys rotate signing|secrets|transport`, next to a running platform.

Embedded, adm writes the key files of `<data dir>/keys/`, which the running services re-read
on their next use. Distributed, a service whose key setting names a file (`…_KEY_FILE`, a
mounted secret) is rotated the same way, live, in that file; a key given inline in the setting
only the operator changes (rolling restarts, see docs/security/keys.md): adm then does the part
that needs no setting change (the re-sealing of stored values, the check that no message sealed
under an old transport key is left).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from flowloom.adm.embedded import KEY_FILES, KeyFile
from flowloom.adm.errors import AdmError
from flowloom.adm.running import running
from flowloom.adm.target import ServiceTarget, Target
from flowloom.servicekit.database.engine import create_engine
from flowloom.servicekit.database.reseal import Resealed, reseal
from flowloom.servicekit.keys import (
    KeyRing,
    fingerprint,
    generate_key,
    key_ring,
    read_key_file,
    write_key_file,
)

Say = Callable[[str], None]
# The keys that seal stored values, one per service (`keys rotate secrets`).
AT_REST = tuple(key for key in KEY_FILES if key.setting != "secrets_transport_key")
TRANSPORT_FILE = "secrets-transport"
# Seals started before a key file changed may commit a little later: let them land first.
SETTLE_SECONDS = 2.0
PASSES = 5


@dataclass(frozen=True, slots=True)
class Timing:
    """How long the transport rotation waits: for the studio's outbox to relay what it sealed
    under the old key, then for the bus to deliver it (in-process: retries included)."""

    drain_seconds: float = 120.0
    grace_seconds: float = 10.0


# -- signing ---------------------------------------------------------------------------------


def rotate_signing(target: Target, say: Say) -> None:
    from flowloom.authorization.admin import rotate_signing_key

    settings = target.service("authorization").settings
    try:
        rotation = asyncio.run(rotate_signing_key(settings))
    except (OSError, RuntimeError, ValueError, SQLAlchemyError) as error:
        raise AdmError(f"the signing key was not rotated: {error}") from None
    new = rotation.new
    say(f"signing key {new.kid} published now, signs from {_when(new.signs_from)}")
    for key in rotation.replaced:
        assert key.retires_at is not None
        say(f"  key {key.kid} verifies until {_when(key.retires_at)}, then is dropped")


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# -- secrets (keys sealing stored values) -----------------------------------------------------


def rotate_secrets(target: Target, say: Say) -> None:
    for key in AT_REST:
        service = target.service(key.service)
        path = _key_file(target, service, key)
        if path is not None:
            _rotate_file(path, service, say)
        else:
            _reseal_distributed(service, key.setting, say)


def _key_file(target: Target, service: ServiceTarget, key: KeyFile) -> Path | None:
    """The file that holds this key and that adm may rewrite: embedded, `<data dir>/keys/…`;
    distributed, the file the service's `…_FILE` setting names (when no key is set inline)."""
    if target.data_dir is not None:
        return target.data_dir / "keys" / key.name
    named: Path | None = getattr(service.settings, key.field)
    return named if named is not None and not getattr(service.settings, key.setting) else None


def _rotate_file(path: Path, service: ServiceTarget, say: Say) -> None:
    """New key first in the file (the service seals with it from its next use), every value
    re-sealed under it, then the file holds the new key alone."""
    if not path.exists():
        raise AdmError(f"{path} is missing: start the platform once (flowloom-adm up) first")
    keys = read_key_file(path)
    if len(keys) == 1:
        keys = (generate_key(), *keys)
        write_key_file(path, keys)
        say(f"{path.name}: new key {fingerprint(keys[0])} seals from now on")
    else:
        say(f"{path.name}: finishing the rotation to {fingerprint(keys[0])}")
    time.sleep(SETTLE_SECONDS)
    found = _reseal_until_done(service, KeyRing(keys))
    write_key_file(path, keys[:1])
    say(
        f"{path.name}: {found.resealed} values re-sealed; retired "
        + ", ".join(fingerprint(old) for old in keys[1:])
    )


def _reseal_distributed(service: ServiceTarget, setting: str, say: Say) -> None:
    name = f"FLOWLOOM_{service.name.upper()}_{setting.upper()}"
    ring = key_ring(
        getattr(service.settings, setting), getattr(service.settings, f"{setting}_file"), name
    )
    if ring is None:
        raise AdmError(f"{name} is not set")
    found = _reseal_until_done(service, ring)
    drop = "" if len(ring.keys) == 1 else f": now remove every key but the first from {name}"
    say(
        f"{name}: {found.resealed} values re-sealed under its first key, none left under "
        f"the others{drop}"
    )


def _reseal_until_done(service: ServiceTarget, ring: KeyRing) -> Resealed:
    """Passes until one finds nothing left to re-seal (a value sealed under an old key by a
    write in flight is caught by the next pass)."""
    assert service.database_url is not None
    total = Resealed()
    for _ in range(PASSES):
        found = asyncio.run(_reseal(service.database_url, service.spec.sealed_columns(), ring))
        total.add(found)
        if found.unreadable:
            raise AdmError(
                f"{service.name}: {found.unreadable} stored values open with none of the keys: "
                "they were sealed under a key that is gone; nothing was retired"
            )
        if found.resealed == 0:
            return total
    raise AdmError(f"{service.name}: values keep arriving under an old key; run the command again")


async def _reseal(url: str, columns: tuple[Any, ...], ring: KeyRing) -> Resealed:
    engine = create_engine(url)
    try:
        return await reseal(engine, columns, ring)
    finally:
        await engine.dispose()


# -- transport (studio → runner, on the bus) --------------------------------------------------


def rotate_transport(target: Target, say: Say, timing: Timing = Timing()) -> None:
    paths = _transport_files(target)
    if paths is None:
        _check_drained(target, say)
        return
    for path in paths:
        if not path.exists():
            raise AdmError(f"{path} is missing: start the platform once (flowloom-adm up) first")
    keys = read_key_file(paths[0])
    if len(keys) == 1:
        keys = (generate_key(), *keys)
        for path in reversed(paths):  # the runner's file first: it opens before the studio seals
            write_key_file(path, keys)
        say(
            f"{paths[0].name}: new key {fingerprint(keys[0])} seals from now on; the runner "
            "opens both"
        )
    else:
        say(f"{paths[0].name}: finishing the rotation to {fingerprint(keys[0])}")
    # Distributed, the services are taken to run (adm cannot tell); stopped, waiting is harmless.
    live = target.data_dir is None or running(target.data_dir) is not None
    since = datetime.now(UTC)
    if live:
        time.sleep(SETTLE_SECONDS)
    studio = target.service("studio")
    assert studio.database_url is not None
    # Stopped, the outbox keeps what it holds until the next start: no point in waiting.
    deadline = time.monotonic() + (timing.drain_seconds if live else 0)
    while (waiting := asyncio.run(_secrets_in_outbox(studio.database_url, since))) > 0:
        if time.monotonic() >= deadline:
            raise AdmError(
                f"{waiting} project secrets sealed under the old transport key still wait in the "
                "studio's outbox: the old key is kept (the runner opens both); run `flowloom-adm "
                "keys rotate transport` again, with the platform running, to retire it"
            )
        time.sleep(0.5)
    if target.data_dir is None:  # what the relay handed to the broker must reach the runner
        _wait_queue_drained(target, timing)
    if live:  # what the relay handed to the bus reaches the runner meanwhile
        time.sleep(timing.grace_seconds)
    for path in paths:  # the studio's file first: it stops sealing with the old key first
        write_key_file(path, keys[:1])
    say(f"{paths[0].name}: retired " + ", ".join(fingerprint(old) for old in keys[1:]))


def _transport_files(target: Target) -> list[Path] | None:
    """The transport key's files, the studio's first: embedded, the one shared file; distributed,
    the files the studio's and the runner's `…_FILE` settings name (None unless both do)."""
    if target.data_dir is not None:
        return [target.data_dir / "keys" / TRANSPORT_FILE]
    files = []
    for service in ("studio", "runner"):
        settings = target.service(service).settings
        if settings.secrets_transport_key or settings.secrets_transport_key_file is None:
            return None
        files.append(Path(settings.secrets_transport_key_file))
    return list(dict.fromkeys(files))  # one file when both mount the same


def _wait_queue_drained(target: Target, timing: Timing) -> None:
    deadline = time.monotonic() + timing.drain_seconds
    bus_url = str(target.service("runner").settings.bus_url)
    while (queued := asyncio.run(_queued(bus_url))) > 0:
        if time.monotonic() >= deadline:
            raise AdmError(
                f"{queued} project secrets wait in the runner's queue: the old transport key is "
                "kept (the runner opens both); run `flowloom-adm keys rotate transport` again"
            )
        time.sleep(0.5)


async def _secrets_in_outbox(url: str, before: datetime | None) -> int:
    """Project secrets the studio has sealed for the bus and not relayed yet."""
    from flowloom.studio.infrastructure.database.tables import message_tables

    outbox = message_tables.outbox
    query = select(func.count()).where(outbox.c.routing_key == "secret.set")
    if before is not None:
        query = query.where(outbox.c.created_at <= before)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(query) or 0)
    finally:
        await engine.dispose()


def _check_drained(target: Target, say: Say) -> None:
    """Distributed: whether a message sealed under an older transport key can still be on
    its way (the studio's outbox, the runner's queue); the operator drops the old keys then."""
    studio = target.service("studio")
    assert studio.database_url is not None
    waiting = asyncio.run(_secrets_in_outbox(studio.database_url, None))
    queued = asyncio.run(_queued(str(target.service("runner").settings.bus_url)))
    if waiting or queued:
        raise AdmError(
            f"{waiting} project secrets wait in the studio's outbox and {queued} in the runner's "
            "queue: keep the old transport keys in FLOWLOOM_RUNNER_SECRETS_TRANSPORT_KEY and "
            "check again"
        )
    say(
        "no project secret is on its way: once every studio seals with the new key, drop the "
        "old keys from FLOWLOOM_RUNNER_SECRETS_TRANSPORT_KEY (rolling restart of the runners)"
    )


async def _queued(bus_url: str) -> int:
    """Messages ready in the runner's queue of project secrets (0 on the in-process bus)."""
    if not bus_url.startswith("amqp"):
        return 0
    import aio_pika

    from flowloom.servicekit.messaging.topology import queue_name

    connection = await aio_pika.connect(bus_url)
    try:
        channel = await connection.channel()
        try:
            queue = await channel.declare_queue(
                queue_name("runner", "studio", "secret.set"), passive=True
            )
        except aio_pika.exceptions.ChannelClosed:
            return 0  # the runner never started: nothing queued
        return int(queue.declaration_result.message_count or 0)
    finally:
        await connection.close()
