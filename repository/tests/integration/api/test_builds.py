"""Builds through HTTP with a fake builder on the real bus: orders, results, publishing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from flowloom.repository.infrastructure.messaging.protobuf.common.v1 import io_type_pb2

from ..action_repos import catalogue_repo, png
from ..git_repos import commit_all, init_repo, write_action
from .service import Service

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def catalogue(service: Service, tmp_path: Path) -> tuple[dict, dict[str, dict], str]:
    sha = catalogue_repo(tmp_path / "origin")
    source = await service.add_source("catalogue", f"file://{tmp_path / 'origin'}")
    await service.scan(source["id"])
    return source, await service.actions(source_id=source["id"]), sha


async def test_publishes_full_definition_when_build_succeeds(
    service: Service, tmp_path: Path
) -> None:
    source, actions, sha = await catalogue(service, tmp_path)
    processor = actions["valid/processor"]

    build = await service.ok("POST", f"/actions/{processor['id']}/builds", 202)

    assert build["state"] == "Pending"
    assert (await service.action(processor["id"]))["state"] == "Build Pending"
    [order] = await service.wait_events("action.build_requested", 1)
    assert order.event_id
    assert order.requested_at.seconds > 0
    assert (order.build_id, order.project_id, order.action_id) == (
        build["id"],
        service.project_id,
        processor["id"],
    )
    assert (order.technical_name, order.version, order.kind, order.type) == (
        "full-processor",
        "2.1",
        "Processor",
        "python3",
    )
    assert order.source_archive == processor["source_archive"]
    assert order.content_digest == processor["content_digest"]
    assert (order.python_version, list(order.dependencies)) == ("3.11", ["git"])
    assert order.time_limit_seconds == 600
    await service.builder.started(service.project_id, build["id"])
    await service.wait_state(processor["id"], "Building")
    log_key = f"logs/{build['id']}.txt"
    service.s3().put_object(
        service.settings.s3_bucket, log_key, io.BytesIO(b"pip install ok\n"), 15
    )
    await service.builder.succeeded(
        service.project_id, build["id"], logs=f"s3://{service.settings.s3_bucket}/{log_key}"
    )

    built = await service.wait_state(processor["id"], "Built")
    [published] = await service.wait_events("action.published", 1)
    artefact = f"s3://artefacts/venv/{build['id']}.tar.gz"
    assert (built["artefact"], built["published"]) == (artefact, True)
    assert published.event_id
    assert published.published_at.seconds > 0
    assert (published.project_id, published.action_id, published.build_id) == (
        service.project_id,
        processor["id"],
        build["id"],
    )
    assert (published.technical_name, published.version, published.kind, published.type) == (
        "full-processor",
        "2.1",
        "Processor",
        "python3",
    )
    assert (published.human_name, published.description) == (
        "Full Processor",
        "Uses every IO type.",
    )
    assert list(published.categories) == ["demo", "io"]
    assert (published.logo, published.logo_media_type) == (png(16, 16), "image/png")
    assert [item.legacy_type for item in published.inputs][:3] == [
        "string",
        "longstring",
        "password",
    ]
    assert [item.type for item in published.inputs][:3] == [
        io_type_pb2.IO_TYPE_STRING,
        io_type_pb2.IO_TYPE_LONGSTRING,
        io_type_pb2.IO_TYPE_PASSWORD,
    ]
    assert len(published.inputs) == len(published.outputs) == 11
    first = published.inputs[0]
    assert (first.name, first.human_name, first.help, first.optional) == (
        "in_string",
        "In string",
        "h",
        True,
    )
    assert (first.has_default, json.loads(first.default_value_json)) == (True, "s")
    enum = published.inputs[6]
    assert (enum.type, enum.legacy_type, list(enum.enum_values)) == (
        io_type_pb2.IO_TYPE_ENUM,
        "enum",
        ["a", "b"],
    )
    assert (published.outputs[0].has_default, published.outputs[0].default_value_json) == (
        False,
        "",
    )
    assert published.dynamic_outputs is False
    resources = published.resources
    assert (resources.cpu, resources.memory_bytes, resources.time_seconds, resources.gpu) == (
        0.5,
        512 * 1024**2,
        600.0,
        1.0,
    )
    assert json.loads(published.addons_json) == {"http": {"port": 8080}}
    assert published.artefact == artefact
    assert (published.source_id, published.source_name, published.source_sha) == (
        source["id"],
        "catalogue",
        sha,
    )
    assert published.content_digest == processor["content_digest"]
    history = await service.ok("GET", f"/actions/{processor['id']}/builds")
    [entry] = history["items"]
    assert (entry["state"], entry["cache_hit"], entry["duration_seconds"]) == (
        "Succeeded",
        True,
        4.5,
    )
    assert entry["started_at"] is not None
    assert entry["finished_at"] is not None
    assert entry["artefact_digest"] == "sha256:" + "ab" * 32
    log = await service.call("GET", f"/builds/{build['id']}/log")
    assert (log.status_code, log.text) == (200, "pip install ok\n")


async def test_ignores_duplicate_and_late_results_when_build_already_ended(
    service: Service, tmp_path: Path
) -> None:
    _, actions, _ = await catalogue(service, tmp_path)
    publisher = actions["valid/publisher"]
    build = await service.ok("POST", f"/actions/{publisher['id']}/builds", 202)
    no_log = await service.call("GET", f"/builds/{build['id']}/log")
    assert no_log.status_code == 404
    assert "has no log yet" in no_log.json()["detail"]

    await service.builder.failed(service.project_id, build["id"], "unsupported type")
    failed = await service.wait_state(publisher["id"], "Build Error")
    await service.builder.succeeded(service.project_id, build["id"])  # late: ignored
    await service.builder.failed(service.project_id, "no-such-build", "unknown")  # ignored
    again = await service.ok("POST", f"/actions/{publisher['id']}/builds", 202)
    await service.builder.succeeded(service.project_id, again["id"])
    await service.wait_state(publisher["id"], "Built")

    assert failed["state"] == "Build Error"
    history = (await service.ok("GET", f"/actions/{publisher['id']}/builds"))["items"]
    assert [(b["id"], b["state"]) for b in history] == [
        (again["id"], "Succeeded"),
        (build["id"], "Failed"),
    ]
    assert history[1]["error"] == "unsupported type"
    assert len(await service.wait_events("action.published", 1)) == 1


async def test_cancels_build_and_refuses_to_cancel_twice(service: Service, tmp_path: Path) -> None:
    _, actions, _ = await catalogue(service, tmp_path)
    source_action = actions["valid/source"]
    build = await service.ok("POST", f"/actions/{source_action['id']}/builds", 202)
    twice = await service.call("POST", f"/actions/{source_action['id']}/builds")

    cancelled = await service.ok("POST", f"/builds/{build['id']}/cancel")
    again = await service.call("POST", f"/builds/{build['id']}/cancel")

    assert twice.status_code == 409
    assert cancelled["state"] == "Cancelled"
    assert (await service.action(source_action["id"]))["state"] == "Cancelled"
    [event] = await service.wait_events("action.build_cancelled", 1)
    assert (event.build_id, event.project_id) == (build["id"], service.project_id)
    assert again.status_code == 409
    assert again.json()["detail"] == "this build is already Cancelled"
    await service.builder.succeeded(service.project_id, build["id"])  # after cancel: ignored
    await service.ok("GET", f"/builds/{build['id']}")
    assert (await service.action(source_action["id"]))["state"] == "Cancelled"


async def test_builds_all_buildable_actions_and_refuses_scan_errors(
    service: Service, tmp_path: Path
) -> None:
    source, actions, _ = await catalogue(service, tmp_path)

    refused = await service.call("POST", f"/actions/{actions['errors/v1']['id']}/builds")
    ordered = await service.ok("POST", f"/sources/{source['id']}/builds", 202)

    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "this action has scan errors: fix them and scan again before building"
    )
    valid = {actions[f"valid/{k}"]["id"] for k in ("processor", "publisher", "source")}
    assert {build["action_id"] for build in ordered["items"]} == valid
    assert len(await service.wait_events("action.build_requested", 3)) == 3


async def test_unpublishes_when_action_or_source_is_deleted(
    service: Service, tmp_path: Path
) -> None:
    origin = tmp_path / "origin"
    init_repo(origin)
    for name in ("one", "two"):
        write_action(origin, name, "Processor", name)
    commit_all(origin, "first")
    source = await service.add_source("deleted", f"file://{origin}")
    await service.scan(source["id"])
    actions = await service.actions()
    for path in ("one", "two"):
        build = await service.ok("POST", f"/actions/{actions[path]['id']}/builds", 202)
        await service.builder.succeeded(service.project_id, build["id"])
        await service.wait_state(actions[path]["id"], "Built")

    await service.ok("DELETE", f"/actions/{actions['one']['id']}", 204)
    await service.ok("DELETE", f"/sources/{source['id']}", 204)

    events = await service.wait_events("action.unpublished", 2)
    assert sorted((e.action_id, e.technical_name, e.version) for e in events) == sorted(
        [(actions["one"]["id"], "one", "1.0"), (actions["two"]["id"], "two", "1.0")]
    )
    assert all(e.project_id == service.project_id for e in events)
    assert (await service.call("GET", f"/actions/{actions['two']['id']}")).status_code == 404
    assert (await service.call("GET", f"/sources/{source['id']}")).status_code == 404
