"""`status`: is each part of the installation up, and at which versions."""

from __future__ import annotations

import asyncio
from typing import Any

from flowloom.adm import databases
from flowloom.adm.errors import AdmError
from flowloom.adm.objects import Bucket
from flowloom.adm.running import running
from flowloom.adm.seaweed import S3Endpoint, credentials
from flowloom.adm.target import ServiceTarget, Target, redact
from flowloom.adm.versions import known_revision

CONNECT_TIMEOUT = 5.0


def status(target: Target) -> dict[str, Any]:
    """A report of every part; `report["ok"]` is False when any part is down."""
    report: dict[str, Any] = {"mode": target.mode, "services": {}}
    s3: S3Endpoint | None = None
    if target.data_dir is not None:
        found = running(target.data_dir)
        report["up"] = {
            "ok": found is not None,
            "detail": f"running (pid {found.pid}) on {found.origin}" if found else "not running",
        }
        if found is not None and found.s3_url:
            s3 = S3Endpoint(found.s3_url, *credentials(target.data_dir))
        report["bus"] = [_embedded_bus(found is not None)]
    else:
        report["bus"] = [asyncio.run(_amqp(url)) for url in target.bus_urls]
    for service in target.services:
        report["services"][service.name] = _service(service, target, s3)
    report["ok"] = _all_ok(report)
    return report


def _embedded_bus(up: bool) -> dict[str, Any]:
    detail = "in-process, inside flowloom-adm up" if up else "in-process: up is not running"
    return {"url": "memory://", "ok": up, "detail": detail}


async def _amqp(url: str) -> dict[str, Any]:
    if not url.startswith("amqp"):
        return {"url": url, "ok": False, "detail": "a distributed installation needs amqp://"}
    import aio_pika

    try:
        connection = await aio_pika.connect(url, timeout=CONNECT_TIMEOUT)
    except Exception as error:  # every connect failure (refused, auth, vhost) means: down
        return {"url": redact(url), "ok": False, "detail": f"unreachable: {error!r}"}
    await connection.close()
    return {"url": redact(url), "ok": True, "detail": "reachable"}


def _service(service: ServiceTarget, target: Target, s3: S3Endpoint | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"version": service.spec.version()}
    if service.database_url is not None:
        entry["database"] = _database(service)
    if service.bucket is not None:
        endpoint = s3 if target.mode == "embedded" else service.s3
        entry["object_store"] = _bucket(service.bucket, endpoint)
    return entry


def _database(service: ServiceTarget) -> dict[str, Any]:
    assert service.database_url is not None
    head = service.spec.migrations().head_revision()
    found: dict[str, Any] = {"url": redact(service.database_url), "head": head}
    try:
        state = asyncio.run(databases.state(service.database_url))
    except AdmError as error:
        return found | {"ok": False, "detail": str(error)}
    found |= {"ok": True, "revision": state.revision}
    if state.revision == head:
        found["detail"] = f"at head {head}"
    elif state.revision is None:
        found["detail"] = "not migrated: run flowloom-adm migrate"
    elif known_revision(service.spec, state.revision):
        found["detail"] = f"at {state.revision}, behind head {head}: run flowloom-adm upgrade"
    else:
        found["detail"] = f"at {state.revision}, unknown to this code (newer data)"
    return found


def _bucket(name: str, endpoint: S3Endpoint | None) -> dict[str, Any]:
    if endpoint is None:
        return {"bucket": name, "ok": False, "detail": "object store not running"}
    try:
        state = Bucket(endpoint, name).state()
    except AdmError as error:
        return {"bucket": name, "url": endpoint.url, "ok": False, "detail": str(error)}
    found = {"bucket": name, "url": endpoint.url, "ok": True, "objects": state.objects}
    found["bytes"] = state.bytes
    found["detail"] = (
        f"{state.objects} objects, {state.bytes} bytes" if state.exists else "no bucket yet"
    )
    return found


def _all_ok(report: dict[str, Any]) -> bool:
    parts = [report.get("up", {"ok": True}), *report["bus"]]
    for service in report["services"].values():
        parts += [service[key] for key in ("database", "object_store") if key in service]
    return all(part["ok"] for part in parts)


def down(report: dict[str, Any]) -> list[str]:
    """The names of what is down, for the one-line error."""
    names = [] if report.get("up", {"ok": True})["ok"] else ["flowloom-adm up"]
    names += [f"bus {bus['url']}" for bus in report["bus"] if not bus["ok"]]
    for name, service in report["services"].items():
        for key in ("database", "object_store"):
            if key in service and not service[key]["ok"]:
                names.append(f"{name} {key.replace('_', ' ')}")
    return names
