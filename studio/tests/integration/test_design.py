"""Designing a workflow step by step over HTTP: each change answers the problems left."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from .service import Studio

pytestmark = pytest.mark.integration


def codes(workflow: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return [(p["code"], p["step"], p["input"]) for p in workflow["problems"]]


async def test_problems_appear_and_disappear_when_designing_step_by_step(studio: Studio) -> None:
    await studio.publish_catalogue()
    created = await studio.new_workflow("tick to file")
    assert codes(created) == [("no_trigger", None, None)]
    base = f"/workflows/{created['id']}"

    trigger = {"kind": "action", "action": "emitevery"}
    wf = await studio.ok("PUT", f"{base}/trigger", json=trigger)
    assert codes(wf) == [("missing_required_input", "trigger", "seconds")]
    wf = await studio.ok("PUT", f"{base}/steps/trigger/inputs/seconds", json={"literal": "30"})
    assert codes(wf) == [("invalid_literal", "trigger", "seconds")]
    wf = await studio.ok("PUT", f"{base}/steps/trigger/inputs/seconds", json={"literal": 30})
    assert codes(wf) == []

    step = {"id": "writer", "action": "str-to-txt", "inputs": {"instring": {"ref": "trigger.nope"}}}
    wf = await studio.ok("POST", f"{base}/steps", 201, json=step)
    assert codes(wf) == [("unknown_reference", "writer", "instring")]
    wf = await studio.ok(
        "PUT", f"{base}/steps/writer/inputs/instring", json={"ref": "trigger.time"}
    )
    assert codes(wf) == []

    reader = {"id": "reader", "action": "catfile", "when": "steps.writer.outputs.outfile !="}
    wf = await studio.ok("POST", f"{base}/steps", 201, json=reader)
    assert codes(wf) == [
        ("invalid_condition", "reader", None), ("missing_required_input", "reader", "file"),
    ]  # fmt: skip
    reader.update(
        when="steps.writer.outputs.outfile != ''", inputs={"file": {"ref": "writer.outfile"}}
    )
    replaced = {k: v for k, v in reader.items() if k != "id"}
    wf = await studio.ok("PUT", f"{base}/steps/reader", json=replaced)
    assert codes(wf) == []
    assert wf["steps"][1]["when"] == "steps.writer.outputs.outfile != ''"

    wf = await studio.ok("PUT", f"{base}/results", json={"results": {"content": "reader.nope"}})
    assert codes(wf) == [("unknown_result_reference", None, None)]
    wf = await studio.ok("PUT", f"{base}/results", json={"results": {"content": "reader.stdout"}})
    assert codes(wf) == []
    assert wf["results"] == {"content": "reader.stdout"}

    wf = await studio.ok("DELETE", f"{base}/steps/writer")
    assert codes(wf) == [
        ("invalid_condition", "reader", None), ("unknown_reference", "reader", "file"),
    ]  # fmt: skip
    assert await studio.ok("GET", f"{base}/problems") == wf["problems"]
    wf = await studio.ok("DELETE", f"{base}/steps/reader/inputs/file")
    assert ("missing_required_input", "reader", "file") in codes(wf)


async def test_keeps_fitting_bindings_when_changing_action_version(studio: Studio) -> None:
    from .messages import action_published, io

    await studio.publish_catalogue()
    await studio.bus.publish(
        action_published(
            studio.project, "str-to-txt", "2.0",
            inputs=(io("instring", "integer"), io("suffix", "string", optional=True)),
            outputs=(io("outfile", "file"),),
        )
    )  # fmt: skip
    wf = await studio.new_workflow()
    base = f"/workflows/{wf['id']}"
    step = {"id": "w", "action": "str-to-txt", "version": "1.0",
            "inputs": {"instring": {"literal": "x"}}}  # fmt: skip
    await studio.ok("POST", f"{base}/steps", 201, json=step)

    async def published() -> bool:
        return (await studio.get("/actions/str-to-txt/versions/2.0")).status_code == 200

    from flowloom.testkit import testing

    await testing.eventually(published, within=30)
    changed = await studio.ok("PUT", f"{base}/steps/w/action-version", json={"version": "2.0"})
    assert changed["dropped"] == [
        {"input": "instring", "reason": "input 'instring' is now of type integer (it was string)"}
    ]
    assert changed["workflow"]["steps"][0]["version"] == "2.0"
    missing = await studio.put(f"{base}/steps/w/action-version", json={"version": "9.9"})
    assert missing.status_code == 404


async def test_refuses_bad_shapes_with_field_paths_when_editing(studio: Studio) -> None:
    wf = await studio.new_workflow()
    base = f"/workflows/{wf['id']}"

    two = await studio.put(f"{base}/trigger", json={"kind": "cron"})
    assert two.status_code == 422
    binding = await studio.post(
        f"{base}/steps",
        json={"id": "a", "action": "x", "inputs": {"i": {"ref": "a.b", "secret": "s"}}},
    )
    assert binding.status_code == 422
    assert binding.json()["errors"][0]["field"] == "body.inputs.i"
    bad_ref = await studio.post(
        f"{base}/steps", json={"id": "a", "action": "x", "inputs": {"i": {"ref": "nodot"}}}
    )
    assert bad_ref.status_code == 422, bad_ref.text
    assert bad_ref.json()["errors"][0]["field"] == "body.inputs.i.ref", bad_ref.text
    bad_result = await studio.put(f"{base}/results", json={"results": {"r": "nodot"}})
    assert bad_result.status_code == 422
    await studio.ok("POST", f"{base}/steps", 201, json={"id": "a", "action": "x"})
    taken = await studio.post(f"{base}/steps", json={"id": "a", "action": "x"})
    assert taken.status_code == 409
    reserved = await studio.post(f"{base}/steps", json={"id": "trigger", "action": "x"})
    assert reserved.status_code == 409
    unknown = await studio.put(f"{base}/steps/zz/inputs/i", json={"literal": 1})
    assert unknown.status_code == 404
    foreign_file = await studio.put(f"{base}/steps/a/inputs/i", json={"file": "projects/x/y"})
    assert foreign_file.status_code == 422
    assert foreign_file.json()["errors"][0]["field"] == "inputs.i.file"


async def test_lists_renames_copies_and_deletes_workflows(studio: Studio) -> None:
    for name in ("b", "a", "c"):
        await studio.new_workflow(name)
    first = await studio.ok("GET", "/workflows?limit=2")
    rest = await studio.ok("GET", f"/workflows?limit=2&cursor={first['next_cursor']}")
    names = [w["name"] for w in first["items"] + rest["items"]]
    assert names == ["a", "b", "c"]
    assert rest["next_cursor"] is None
    assert first["items"][0]["deployment"] is None

    target = first["items"][0]["id"]
    renamed = await studio.ok(
        "PATCH", f"/workflows/{target}", json={"name": "alpha", "description": "first"}
    )
    assert (renamed["name"], renamed["description"]) == ("alpha", "first")
    copy = await studio.ok("POST", f"/workflows/{target}/copy", 201)
    assert copy["name"] == "alpha (copy)"
    assert copy["id"] != target
    await studio.ok("DELETE", f"/workflows/{target}", 204)
    assert (await studio.get(f"/workflows/{target}")).status_code == 404
    assert (await studio.get("/workflows/nope/problems")).status_code == 404
    bad = await studio.get("/workflows?cursor=garbage")
    assert bad.status_code == 422


async def test_checks_roles_and_hides_other_projects(studio: Studio) -> None:
    wf = await studio.new_workflow()
    path = f"/workflows/{wf['id']}"
    viewer = studio.as_role("viewer")
    operator = studio.as_role("operator")

    assert (await viewer.get(path)).status_code == 200
    assert (await viewer.post("/workflows", json={"name": "x"})).status_code == 403
    assert (await viewer.put(f"{path}/trigger", json={"kind": "manual"})).status_code == 403
    assert (
        await viewer.put("/variables/v", json={"type": "string", "value": "x"})
    ).status_code == 403
    assert (await viewer.put("/secrets/s", json={"value": "x"})).status_code == 403
    assert (await viewer.post(f"{path}/deploy")).status_code == 403
    assert (await operator.post("/workflows", json={"name": "x"})).status_code == 403
    assert (await operator.post(f"{path}/deploy")).status_code == 422  # allowed: no trigger
    admin = studio.as_role(None, is_admin=True)
    assert (await admin.put(f"{path}/trigger", json={"kind": "manual"})).status_code == 200

    stranger = studio.as_role("owner", project="another")
    for method, sub in (("GET", ""), ("PUT", "/trigger"), ("POST", "/deploy"), ("DELETE", "")):
        body = {"json": {"kind": "manual"}} if method == "PUT" else {}
        assert (await stranger.request(method, path + sub, **body)).status_code == 404
    assert (await studio.client.get("/api/studio/workflows")).status_code == 401
    no_project = studio.as_role("owner")
    no_project.project = None  # type: ignore[assignment]
    assert (await no_project.get("/workflows")).status_code == 403


async def test_a_cron_schedule_is_checked_as_the_runner_fires_it_and_shows_its_next_times(
    studio: Studio,
) -> None:
    wf = await studio.new_workflow("every month's end")
    base = f"/workflows/{wf['id']}"
    never = {"kind": "cron", "schedule": "0 0 31 2 *", "timezone": "Europe/Paris"}
    wf = await studio.ok("PUT", f"{base}/trigger", json=never)
    assert codes(wf) == [("invalid_cron", "trigger", None)]
    assert "never fires" in wf["problems"][0]["message"]
    assert wf["next_fire_times"] == []

    last_day = {"kind": "cron", "schedule": "0 0 L * *", "timezone": "Europe/Paris"}
    wf = await studio.ok("PUT", f"{base}/trigger", json=last_day)
    assert codes(wf) == []
    fires = [datetime.fromisoformat(time) for time in wf["next_fire_times"]]
    assert len(fires) == 5
    assert fires == sorted(fires)
    paris = ZoneInfo("Europe/Paris")
    for fire in fires:
        local = fire.astimezone(paris)
        assert (local.hour, local.minute) == (0, 0)
        assert (local + timedelta(days=1)).day == 1  # the last day of its month
    assert (await studio.ok("GET", base))["next_fire_times"] == wf["next_fire_times"]
