"""Conditions over the size or nesting limits are refused at edit time, naming the limit."""

from __future__ import annotations

import pytest

from .flows import WORKFLOW_YAML, zip_of
from .service import Studio

pytestmark = pytest.mark.integration
YAML = {"Content-Type": "application/yaml"}

# Like the condition that blocked the embedded platform for 157 s: 190 characters, six nested
# comprehensions over ten elements (minutes of evaluation).
HOSTILE = "true"
for _name in "abcdef":
    HOSTILE = f"[0,1,2,3,4,5,6,7,8,9].all({_name}, {HOSTILE} )"
HUGE = "steps.writer.outputs.outfile != '' || " * 5_000 + "true"  # 190 KB: within the bodies
MEGABYTE = "steps.writer.outputs.outfile != '' || " * 28_000 + "true"  # just over 1 MB
REFUSALS = [
    (HOSTILE, "the condition nests 6 comprehensions (all, exists, exists_one, filter, map) in "
              "one another: the limit is 2"),
    (HUGE, f"the condition is {len(HUGE)} bytes long: the limit is 4096 bytes"),
]  # fmt: skip


def with_condition(condition: str) -> str:
    """The example workflow, its reader step under ``condition`` (a YAML single-quoted text)."""
    quoted = "'" + condition.replace("'", "''") + "'"
    text = WORKFLOW_YAML.replace("{file: templates/mail.txt}", "{ref: writer.outfile}")
    return text.replace("when: \"steps.writer.outputs.outfile != ''\"", f"when: {quoted}")


@pytest.mark.parametrize(("condition", "message"), REFUSALS)
async def test_refuses_condition_naming_the_limit_when_a_step_is_added_or_replaced(
    studio: Studio, condition: str, message: str
) -> None:
    wf = await studio.new_workflow()
    base = f"/workflows/{wf['id']}"
    await studio.ok("POST", f"{base}/steps", 201, json={"id": "a", "action": "catfile"})

    for method, path, body in [
        ("POST", f"{base}/steps", {"id": "b", "action": "catfile", "when": condition}),
        ("PUT", f"{base}/steps/a", {"action": "catfile", "when": condition}),
    ]:
        refused = await studio.request(method, path, json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"] == [{"field": "when", "message": f"when: {message}"}]
    stored = await studio.ok("GET", base)
    assert [(s["id"], s["when"]) for s in stored["steps"]] == [("a", "")]


@pytest.mark.parametrize(("condition", "message"), REFUSALS)
async def test_refuses_condition_naming_the_limit_when_a_file_is_imported(
    studio: Studio, condition: str, message: str
) -> None:
    text = with_condition(condition)
    for body, headers in [(text.encode(), YAML), (zip_of(text, {}), {})]:
        refused = await studio.post("/workflows/import", content=body, headers=headers)
        assert refused.status_code == 422, refused.text
        errors = refused.json()["errors"]
        assert [(e["line"], e["field"], e["message"]) for e in errors] == [
            (16, "steps[1].when", message)
        ]
    assert (await studio.ok("GET", "/workflows"))["items"] == []


async def test_refuses_a_megabyte_condition_before_reading_it_whole(studio: Studio) -> None:
    """A 1 MB condition (it once answered 500 after 25 s) is over the request body limit: 413
    before the body is read, whether it comes in a step or a workflow.yaml."""
    wf = await studio.new_workflow()
    step = {"id": "b", "action": "catfile", "when": MEGABYTE}
    for answer in [
        await studio.request("POST", f"/workflows/{wf['id']}/steps", json=step),
        await studio.post("/workflows/import", content=with_condition(MEGABYTE), headers=YAML),
    ]:
        assert answer.status_code == 413, answer.text
        assert "FLOWLOOM_STUDIO_JSON_BODY_BYTES" in answer.json()["detail"]


async def test_accepts_condition_when_it_is_within_the_limits(studio: Studio) -> None:
    condition = "[1, 2].all(a, [3].exists(b, a < b)) && steps.writer.outputs.outfile != ''"
    await studio.publish_catalogue()
    imported = await studio.ok(
        "POST", "/workflows/import", 201, content=with_condition(condition), headers=YAML
    )
    assert imported["steps"][1]["when"] == condition
    assert [p["code"] for p in imported["problems"]] == ["unknown_variable", "unknown_secret"]
