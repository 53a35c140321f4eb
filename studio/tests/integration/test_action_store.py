"""The action store follows the repository's ActionPublished/ActionUnpublished messages."""

from __future__ import annotations

import pytest

from flowloom.testkit import testing

from .messages import PNG, action_published, action_unpublished, io
from .service import Studio

pytestmark = pytest.mark.integration


async def test_shows_published_actions_when_repository_publishes_them(studio: Studio) -> None:
    await studio.publish_catalogue()

    page = await studio.ok("GET", "/actions")
    names = [item["technical_name"] for item in page["items"]]
    assert names == ["catfile", "emitevery", "send-email", "str-to-txt"]
    emitevery = page["items"][1]
    assert (emitevery["kind"], emitevery["latest_version"], emitevery["has_logo"]) == (
        "Source", "1.3", True,
    )  # fmt: skip
    detail = await studio.ok("GET", "/actions/send-email/versions/1.0")
    priority = detail["inputs"][3]
    assert (priority["type"], priority["enum_values"], priority["default"]) == (
        "enum", ["low", "high"], "low",
    )  # fmt: skip
    assert detail["resources"]["memory_bytes"] == 64 << 20
    logo = await studio.get("/actions/emitevery/versions/1.3/logo")
    assert (logo.status_code, logo.headers["content-type"], logo.content) == (
        200, "image/png", PNG,
    )  # fmt: skip


async def test_filters_and_pages_actions_when_searching(studio: Studio) -> None:
    await studio.publish_catalogue()

    assert [a["technical_name"] for a in (await studio.ok("GET", "/actions?q=FILE"))["items"]] == [
        "catfile"
    ]
    sources = await studio.ok("GET", "/actions?kind=Source")
    assert [a["technical_name"] for a in sources["items"]] == ["emitevery"]
    text = await studio.ok("GET", "/actions?category=text")
    assert [a["technical_name"] for a in text["items"]] == ["catfile", "str-to-txt"]
    first = await studio.ok("GET", "/actions?limit=3")
    rest = await studio.ok("GET", f"/actions?limit=3&cursor={first['next_cursor']}")
    assert [a["technical_name"] for a in rest["items"]] == ["str-to-txt"]
    assert rest["next_cursor"] is None


async def test_replaces_and_removes_versions_when_republished_or_unpublished(
    studio: Studio,
) -> None:
    old = action_published(studio.project, "add", "1.9", inputs=(io("a", "integer"),))
    new = action_published(studio.project, "add", "1.10", inputs=(io("a", "integer"),))
    again = action_published(studio.project, "add", "1.9", inputs=(io("b", "float"),))
    for envelope in (old, new, again):
        await studio.bus.publish(envelope)

    async def replaced() -> bool:
        found = await studio.get("/actions/add/versions/1.9")
        return found.status_code == 200 and found.json()["inputs"][0]["name"] == "b"

    await testing.eventually(replaced, within=30)
    summary = (await studio.ok("GET", "/actions"))["items"][0]
    assert (summary["latest_version"], summary["versions"]) == ("1.10", ["1.9", "1.10"])

    await studio.bus.publish(action_unpublished(studio.project, "add", "1.10"))

    async def removed() -> bool:
        return (await studio.get("/actions/add/versions/1.10")).status_code == 404

    await testing.eventually(removed, within=30)
    assert [v["version"] for v in await studio.ok("GET", "/actions/add")] == ["1.9"]


async def test_answers_404_when_action_belongs_to_another_project(studio: Studio) -> None:
    await studio.publish_catalogue()
    stranger = studio.as_role("owner", project="someone-else")

    assert (await stranger.get("/actions/catfile")).status_code == 404
    assert (await stranger.get("/actions/catfile/versions/1.0")).status_code == 404
    assert (await stranger.ok("GET", "/actions"))["items"] == []


@pytest.mark.slow
async def test_dead_letters_message_when_it_cannot_be_read(studio: Studio) -> None:
    from flowloom.servicekit.messaging import Envelope, QueueBinding

    bad = action_published(studio.project, "weird", inputs=(io("x", "matrix"),))
    garbage = Envelope("repository.events", "action.published", "x", b"\xff\xff\xff")
    await studio.bus.publish(bad)
    await studio.bus.publish(garbage)
    binding = QueueBinding(
        "studio.repository.action.published", "repository.events", ("action.published",)
    )
    dead: list[str] = []

    async def dead_lettered() -> bool:
        dead.extend(e.message_id for e in await studio.bus.dead_letters(binding))
        return {bad.message_id, garbage.message_id} <= set(dead)

    await testing.eventually(dead_lettered, within=60, step=0.5)
