"""Starting and reading runs: trigger outputs, files, project scope, lists, results, logs."""

from __future__ import annotations

import asyncio
import io
import re
from datetime import timedelta
from urllib.parse import parse_qs

import pytest

from flowloom.runner.domain.errors import (
    Conflict,
    NotFound,
    RunInputRejected,
    ValidationFailed,
)
from flowloom.runner.domain.execution import ExecutionState as S
from flowloom.runner.domain.invocation import LogLine, Succeeded
from flowloom.runner.domain.repositories import RunFilter
from flowloom.runner.domain.run import RunState, TriggerSource
from flowloom.runner.domain.values import FileContent, IoType, IoValue, StoredFile, TriggerValue
from flowloom.runner.domain.workflow import CronTrigger

from .builders import OTHER_PROJECT, PROJECT, WORKFLOW, manual, ref, spec, step, workflow
from .world import World, wait_until

MANUAL = TriggerSource.MANUAL
FORM = manual(
    "name",
    spec("count", IoType.INTEGER),
    spec("ratio", IoType.FLOAT),
    spec("color", IoType.ENUM, enum=["red", "blue"]),
    spec("note", optional=True),
)


async def rejected(world: World, outputs: dict[str, object]) -> ValidationFailed:
    await world.deploy(workflow(trigger=FORM))
    with pytest.raises(ValidationFailed) as caught:
        await world.runs.start_run(PROJECT, WORKFLOW, MANUAL, outputs)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("outputs", "field", "message"),
    [
        ({"count": 1, "ratio": 1.0, "color": "red"}, "inputs.name", "input 'name' is required"),
        (
            {"name": "n", "count": "1", "ratio": 1.0, "color": "red"},
            "inputs.count",
            "input 'count' must be of type integer",
        ),
        (
            {"name": "n", "count": True, "ratio": 1.0, "color": "red"},
            "inputs.count",
            "input 'count' must be of type integer",
        ),
        (
            {"name": "n", "count": 1, "ratio": 1.0, "color": "green"},
            "inputs.color",
            "input 'color' must be one of red, blue",
        ),
        (
            {"name": FileContent("letter.txt", b"hi"), "count": 1, "ratio": 1.0, "color": "red"},
            "inputs.name",
            "input 'name' is a string, not a file (letter.txt)",
        ),
        (
            {"name": "n", "count": 1, "ratio": 1.0, "color": "red", "nmae": "typo"},
            "inputs.nmae",
            "unknown input 'nmae' (the workflow's inputs: name, count, ratio, color, note)",
        ),
    ],
)
async def test_rejects_run_naming_the_input_when_a_value_breaks_its_spec(
    world: World, outputs: dict[str, object], field: str, message: str
) -> None:
    error = await rejected(world, outputs)
    assert (error.field, error.message) == (field, message)
    assert str(error) == message  # said once: not prefixed by the field


async def test_names_every_input_at_fault_in_one_error(world: World) -> None:
    error = await rejected(world, {"count": "x", "ratio": 1.0, "color": "red"})
    assert error.message == ("input 'name' is required; input 'count' must be of type integer")
    assert isinstance(error, RunInputRejected)
    assert [field for field, _ in error.problems] == ["inputs.name", "inputs.count"]


async def test_asks_for_a_file_when_a_file_input_gets_text(world: World) -> None:
    await world.deploy(workflow(trigger=manual(spec("doc", IoType.FILE))))
    with pytest.raises(ValidationFailed) as caught:
        await world.runs.start_run(PROJECT, WORKFLOW, MANUAL, {"doc": "notes.txt"})
    assert caught.value.message == "input 'doc' must be a file (it was given as text)"


async def test_keeps_typed_outputs_when_they_fit_the_trigger(world: World) -> None:
    await world.deploy(workflow(trigger=FORM))
    outputs: dict[str, TriggerValue] = {"name": "n", "count": 2, "ratio": 3, "color": "blue"}
    run_id = await world.runs.start_run(PROJECT, WORKFLOW, MANUAL, outputs)
    run = world.run(run_id)
    assert run.trigger_outputs["ratio"] == IoValue(IoType.FLOAT, 3.0)
    assert run.trigger_outputs["note"] == IoValue(IoType.STRING, None)
    assert (run.state, run.trigger_source) == (RunState.COMPLETED, MANUAL)


async def test_ignores_undeclared_values_when_a_webhook_sends_them(world: World) -> None:
    await world.deploy(workflow(trigger=FORM))
    outputs: dict[str, TriggerValue] = {"name": "n", "count": 2, "ratio": 3, "color": "blue"}
    outputs["undeclared"] = "x"  # a third party's payload says more than the workflow reads
    run_id = await world.runs.start_run(PROJECT, WORKFLOW, TriggerSource.WEBHOOK, outputs)
    assert "undeclared" not in world.run(run_id).trigger_outputs


async def test_hides_trigger_outputs_when_a_source_says_they_hold_a_secret(world: World) -> None:
    await world.deploy(workflow(trigger=manual("label", "other")))
    outputs: dict[str, TriggerValue] = {"label": "with s3cret", "other": "plain"}
    source = TriggerSource.SOURCE
    run_id = await world.runs.start_run(
        PROJECT, WORKFLOW, source, outputs, masked=frozenset({"label"})
    )
    run = world.run(run_id)
    assert run.trigger_outputs["label"] == IoValue(IoType.STRING, "with s3cret", secret=True)
    assert run.trigger_outputs["other"] == IoValue(IoType.STRING, "plain")
    shown = (await world.runs.get(PROJECT, run_id)).trigger_outputs
    assert (shown["label"].value, shown["other"].value) == (None, "plain")


async def test_stores_files_under_the_run_when_trigger_hands_over_files(world: World) -> None:
    version = workflow(
        step("read", {"doc": ref("trigger.doc")}), trigger=manual(spec("doc", IoType.FILE))
    )
    run_id = await world.start(version, {"doc": FileContent("../report.pdf", b"%PDF")})
    key = f"projects/{PROJECT}/runs/{run_id}/trigger/doc/report.pdf"
    assert world.files.objects == {key: b"%PDF"}
    stored = StoredFile(key, "../report.pdf", 4)
    assert world.run(run_id).trigger_outputs["doc"] == IoValue(IoType.FILE, stored)
    await world.finish(run_id)
    request = world.invoker.calls[0].request
    assert request.input_urls == {"doc": f"https://store.test/get/{key}?name=../report.pdf"}


async def test_stores_upload_from_its_open_file_when_form_hands_over_one(world: World) -> None:
    version = workflow(step("read"), trigger=manual(spec("doc", IoType.FILE)))
    upload = io.BytesIO(b"spooled by the form parser")
    upload.seek(7)  # wherever the parser left it: the whole file is stored
    run_id = await world.start(version, {"doc": FileContent("notes.txt", upload)})
    key = f"projects/{PROJECT}/runs/{run_id}/trigger/doc/notes.txt"
    assert world.files.objects == {key: b"spooled by the form parser"}
    assert world.run(run_id).trigger_outputs["doc"].value == StoredFile(key, "notes.txt", 26)


async def test_presigns_output_targets_when_step_declares_file_outputs(world: World) -> None:
    writer = step("write", outputs=[spec("out", IoType.FILE)])
    run_id = await world.start(workflow(writer, step("read", {"f": ref("write.out")})))
    run = await world.finish(run_id)
    [target] = world.invoker.calls[0].request.output_targets.values()
    assert (
        target.key
        == f"projects/{PROJECT}/runs/{run_id}/executions/{run.executions[0].id}/out/content"
    )
    assert target.url == f"https://store.test/put/{target.key}"
    assert run.state is RunState.COMPLETED


async def test_provides_time_when_cron_starts_a_run(world: World) -> None:
    version = workflow(step("a", {"t": ref("trigger.time")}), trigger=CronTrigger("* * * * *"))
    run_id = await world.start(version, {"time": "2025-01-01T12:00:00+00:00"}, TriggerSource.CRON)
    run = await world.finish(run_id)
    assert run.executions[0].inputs["t"].value == "2025-01-01T12:00:00+00:00"


async def test_refuses_run_saying_not_deployed_when_workflow_never_was(world: World) -> None:
    with pytest.raises(Conflict, match=f"^workflow {WORKFLOW} is not deployed: deploy it"):
        await world.runs.start_run(PROJECT, WORKFLOW, MANUAL, {})
    await world.deploy(workflow(step("a")))
    # Another project's workflow: the same answer as for one never deployed (no hint).
    with pytest.raises(Conflict, match=f"^workflow {WORKFLOW} is not deployed: deploy it"):
        await world.runs.start_run(OTHER_PROJECT, WORKFLOW, MANUAL, {"message": "x"})
    await world.deployments.undeploy(PROJECT, WORKFLOW)
    with pytest.raises(Conflict, match="the workflow is Undeployed: deploy it to start runs"):
        await world.runs.start_run(PROJECT, WORKFLOW, MANUAL, {"message": "x"})


async def test_hides_run_when_caller_is_in_another_project(world: World) -> None:
    run_id = await world.start(workflow(step("a")))
    await world.finish(run_id)
    execution_id = world.run(run_id).executions[0].id
    service = world.runs
    for attempt in [
        service.get(OTHER_PROJECT, run_id),
        service.cancel(OTHER_PROJECT, run_id),
        service.results(OTHER_PROJECT, run_id),
        service.logs(OTHER_PROJECT, run_id, execution_id),
        service.file_url(OTHER_PROJECT, run_id, "any"),
        service.execution(OTHER_PROJECT, run_id, execution_id),
        service.execution(PROJECT, run_id, "not-of-this-run"),
        service.execution(PROJECT, "missing", execution_id),
        service.get(PROJECT, "missing"),
    ]:
        with pytest.raises(NotFound):
            await attempt


async def test_lists_newest_first_in_pages_when_filters_match(world: World) -> None:
    version = workflow(step("a"))
    run_ids = []
    for _ in range(3):
        run_ids.append(await world.start(version))
        world.clock.advance(seconds=1)
    world.invoker.script("a", Succeeded(), Succeeded())
    first = await world.runs.list_runs(PROJECT, limit=2)
    assert [r.id for r in first.items] == run_ids[:0:-1]
    second = await world.runs.list_runs(PROJECT, limit=2, after=first.next_cursor)
    assert ([r.id for r in second.items], second.next_cursor) == ([run_ids[0]], None)
    since = world.clock.now() - timedelta(seconds=2)
    recent = await world.runs.list_runs(PROJECT, RunFilter(workflow_id=WORKFLOW, since=since))
    assert [r.id for r in recent.items] == run_ids[:0:-1]
    errors = await world.runs.list_runs(PROJECT, RunFilter(state=RunState.ERROR))
    assert errors.items == []
    assert (await world.runs.list_runs(OTHER_PROJECT)).items == []
    with pytest.raises(ValidationFailed):
        await world.runs.list_runs(PROJECT, after="garbage")


async def test_gives_cursors_that_travel_unescaped_in_a_query_string(world: World) -> None:
    version = workflow(step("a"))
    for _ in range(2):
        await world.start(version)
        world.clock.advance(seconds=1)
    first = await world.runs.list_runs(PROJECT, limit=1)
    cursor = first.next_cursor
    assert cursor is not None
    assert re.fullmatch(r"[A-Za-z0-9_-]+", cursor), cursor
    # A client pasting it into a URL as it is: `+` would read as a space, `|` is unsafe.
    (parsed,) = parse_qs(f"cursor={cursor}")["cursor"]
    second = await world.runs.list_runs(PROJECT, limit=1, after=parsed)
    assert len(second.items) == 1
    assert second.items[0].id != first.items[0].id


async def test_refuses_results_when_run_has_not_completed(world: World) -> None:
    world.invoker.gate("a")
    run_id = await world.start(workflow(step("a"), results={"r": "a.out"}))
    with pytest.raises(Conflict, match="Running"):
        await world.runs.results(PROJECT, run_id)
    world.invoker.gate("a").set()
    await world.finish(run_id)
    assert await world.runs.results(PROJECT, run_id) == {"r": IoValue(IoType.STRING, "a-out")}


async def test_answers_once_run_ended_when_caller_waits(world: World) -> None:
    gate = world.invoker.gate("a")
    run_id = await world.start(workflow(step("a"), results={"r": "a.out"}))
    waiting = asyncio.create_task(world.runs.wait_ended(PROJECT, run_id, 5))
    await wait_until(lambda: "a" in world.invoker.running.values())
    assert not waiting.done()
    gate.set()
    view = await asyncio.wait_for(waiting, 2)
    assert (view.id, view.state) == (run_id, RunState.COMPLETED)
    again = await world.runs.wait_ended(PROJECT, run_id, 5)  # ended: answered at once
    assert again.state is RunState.COMPLETED


async def test_answers_running_when_wait_runs_out(world: World) -> None:
    world.invoker.gate("a")
    run_id = await world.start(workflow(step("a")))
    view = await world.runs.wait_ended(PROJECT, run_id, 0.05)
    assert view.state is RunState.RUNNING
    with pytest.raises(NotFound):
        await world.runs.wait_ended(OTHER_PROJECT, run_id, 0.05)
    world.invoker.gate("a").set()
    assert (await world.finish(run_id)).state is RunState.COMPLETED


async def test_masks_password_when_run_is_shown(world: World) -> None:
    version = workflow(
        step("login", {"pw": ref("trigger.pw")}), trigger=manual(spec("pw", IoType.PASSWORD))
    )
    view = await world.finish(await world.start(version, {"pw": "hunter2"}))
    assert view.trigger_outputs["pw"] == IoValue(IoType.PASSWORD, None, secret=True)
    assert view.executions[0].inputs["pw"].value is None
    assert world.invoker.calls[0].request.inputs["pw"].value == "hunter2"


async def test_creates_run_in_error_when_source_reports_an_error(world: World) -> None:
    await world.deploy(workflow(step("a")))
    run_id = await world.runs.record_trigger_error(PROJECT, WORKFLOW, "feed unreachable")
    view = await world.runs.get(PROJECT, run_id)
    assert (view.state, view.error) == (
        RunState.ERROR,
        "the trigger reported an error: feed unreachable",
    )
    assert [e.state for e in view.executions] == [S.CANCELED]
    assert world.invoker.calls == []


async def test_pages_log_lines_when_execution_logged(world: World) -> None:
    run_id = await world.start(workflow(step("a", attempts=2)))
    await world.finish(run_id)
    execution_id = world.run(run_id).executions[0].id
    clock = world.clock.now()
    await world.logs.append(PROJECT, execution_id, 2, [LogLine("stdout", "second", clock)])
    page = await world.runs.logs(PROJECT, run_id, execution_id, limit=1)
    assert ([line.line for line in page.items], page.next_cursor) == (["a attempt 1"], "1")
    rest = await world.runs.logs(PROJECT, run_id, execution_id, after=1)
    assert [line.line for line in rest.items] == ["second"]


async def test_gives_download_url_when_file_belongs_to_run(world: World) -> None:
    version = workflow(trigger=manual(spec("doc", IoType.FILE)))
    run_id = await world.start(version, {"doc": FileContent("a.txt", b"hi")})
    key = f"projects/{PROJECT}/runs/{run_id}/trigger/doc/a.txt"
    assert (
        await world.runs.file_url(PROJECT, run_id, key)
        == f"https://store.test/download/{key}?name=a.txt"
    )
    with pytest.raises(NotFound):
        await world.runs.file_url(PROJECT, run_id, "projects/p-2/secret.txt")
