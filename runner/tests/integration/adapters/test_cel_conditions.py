"""`when` conditions evaluated with cel-python in worker processes, within limits and a budget."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flowloom.runner.infrastructure.conditions.cel import ConditionError
from flowloom.runner.infrastructure.conditions.evaluator import CelConditionEvaluator
from flowloom.runner.infrastructure.conditions.processes import ConditionWorkers

CONTEXT = {
    "trigger": {"outputs": {"n": 3, "name": "ada", "raw": b"\x00\xff"}},
    "steps": {"writer": {"outputs": {"outfile": "out.txt", "ok": True}, "state": "Success"}},
}
# Like the condition that blocked the embedded platform for 157 s: 190 characters, six nested
# comprehensions over ten elements (10^6 evaluations of the innermost term, minutes of CPU).
HOSTILE = "true"
for _name in "abcdef":
    HOSTILE = f"[0,1,2,3,4,5,6,7,8,9].all({_name}, {HOSTILE} )"
# Within every limit (2 comprehensions, 4 operators, 3600 bytes), yet 810,000 evaluations.
SLOW = "[{0}].all(a, [{0}].all(b, a + b >= 0))".format(",".join(["1"] * 900))


@pytest.fixture
async def workers() -> AsyncIterator[ConditionWorkers]:
    pool = ConditionWorkers(size=1, budget=30.0)
    yield pool
    await pool.close()


@pytest.fixture
def conditions(workers: ConditionWorkers) -> CelConditionEvaluator:
    return CelConditionEvaluator(workers)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("steps.writer.outputs.outfile != ''", True),
        ("trigger.outputs.n > 5", False),
        ("trigger.outputs.name == 'ada' && steps.writer.outputs.ok", True),
        ("trigger.outputs.n in [1, 2, 3]", True),
        ("trigger.outputs.raw == b'\\x00\\xff'", True),
        ("steps.writer.state == 'Success'", True),
    ],
)
async def test_evaluates_condition_when_expression_is_valid(
    conditions: CelConditionEvaluator, expression: str, expected: bool
) -> None:
    assert await conditions.evaluate(expression, CONTEXT) is expected


@pytest.mark.parametrize("expression", ["a ==", "steps.x.outputs.y !=", "a && (b", "1 +* 2"])
async def test_reports_syntax_error_with_column_when_expression_is_malformed(
    conditions: CelConditionEvaluator, expression: str
) -> None:
    message = await conditions.validate(expression)
    assert message is not None
    assert "syntax error at column" in message
    with pytest.raises(ConditionError):
        await conditions.evaluate(expression, CONTEXT)


async def test_accepts_expression_when_it_parses(conditions: CelConditionEvaluator) -> None:
    assert await conditions.validate("steps.writer.outputs.outfile != ''") is None


async def test_fails_clearly_when_expression_is_not_boolean(
    conditions: CelConditionEvaluator,
) -> None:
    with pytest.raises(ConditionError, match="not true or false"):
        await conditions.evaluate("trigger.outputs.n + 1", CONTEXT)


async def test_fails_naming_the_member_when_step_is_unknown(
    conditions: CelConditionEvaluator,
) -> None:
    with pytest.raises(ConditionError, match="'missing'"):
        await conditions.evaluate("steps.missing.outputs.x == 1", CONTEXT)


async def test_never_runs_python_when_expression_looks_like_code(
    conditions: CelConditionEvaluator, tmp_path
) -> None:
    marker = tmp_path / "pwned"
    expression = f"__import__('os').system('touch {marker}') == 0"
    with pytest.raises(ConditionError):
        await conditions.evaluate(expression, CONTEXT)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("expression", "named"),
    [
        (HOSTILE, "nests 6 comprehensions (all, exists, exists_one, filter, map) in one "
                  "another: the limit is 2"),
        ("trigger.outputs.n == 1 || " * 40_000 + "true", "bytes long: the limit is 4096 bytes"),
        ("(" * 13 + "true" + ")" * 13, "nests brackets 13 levels deep: the limit is 12 levels"),
        (" && ".join(["true"] * 130), "has 129 operators: the limit is 128 operators"),
    ],
)  # fmt: skip
async def test_refuses_condition_naming_the_limit_when_it_exceeds_one(
    conditions: CelConditionEvaluator, workers: ConditionWorkers, expression: str, named: str
) -> None:
    assert named in (await conditions.validate(expression) or "")
    with pytest.raises(ConditionError) as caught:
        await conditions.evaluate(expression, CONTEXT)
    assert named in caught.value.message
    assert not workers._running  # refused before any worker saw it


@pytest.mark.parametrize(
    "expression",
    [
        "(" * 12 + "+".join(["1"] * 128) + ")" * 12 + " > 0",
        "size(" + "[" * 11 + "+".join(["1"] * 127) + "]" * 11 + ") > 0",
        "[" * 12 + "1" + "]" * 12 + "[0]" * 12 + " + " + "+".join(["1"] * 115) + " > 0",
        "(" * 12 + "*".join(["1"] * 128) + " > 0" + ")" * 12,
    ],
)
async def test_evaluates_condition_when_it_is_at_the_limits(
    conditions: CelConditionEvaluator, expression: str
) -> None:
    """The deepest trees the limits let through fit in the evaluator's recursion."""
    assert await conditions.validate(expression) is None
    assert await conditions.evaluate(expression, CONTEXT) is True


async def test_fails_condition_and_keeps_evaluating_when_it_outlives_the_budget() -> None:
    workers = ConditionWorkers(size=1, budget=0.5)
    conditions = CelConditionEvaluator(workers)
    try:
        assert await conditions.validate(SLOW) is None
        with pytest.raises(ConditionError, match=r"took longer than 0.5 s"):
            await conditions.evaluate(SLOW, CONTEXT)
        assert await conditions.evaluate("trigger.outputs.n == 3", CONTEXT) is True
    finally:
        await workers.close()


async def test_keeps_the_event_loop_free_when_a_condition_is_slow() -> None:
    """Measured: the longest the loop waits for a turn while a slow condition runs."""
    workers = ConditionWorkers(size=1, budget=2.0)
    conditions = CelConditionEvaluator(workers)
    await conditions.validate("true")  # the worker started
    gaps: list[float] = []

    async def tick() -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(0.01)
            gaps.append(loop.time() - before - 0.01)

    ticker = asyncio.create_task(tick())
    try:
        with pytest.raises(ConditionError, match="took longer than 2 s"):
            await conditions.evaluate(SLOW, CONTEXT)
    finally:
        ticker.cancel()
        await workers.close()
    print(f"longest loop delay while a condition ran: {max(gaps) * 1000:.1f} ms")
    assert len(gaps) > 50
    assert max(gaps) < 0.1


async def test_stops_every_worker_when_closed(workers: ConditionWorkers) -> None:
    await CelConditionEvaluator(workers).validate("true")
    processes = list(workers._running)
    await workers.close()
    assert processes
    assert all(p.returncode is not None for p in processes)


async def test_fails_condition_and_starts_a_new_worker_when_its_worker_died(
    conditions: CelConditionEvaluator, workers: ConditionWorkers
) -> None:
    await conditions.validate("true")
    (process,) = workers._running
    process.kill()
    await process.wait()
    with pytest.raises(ConditionError, match="the condition worker stopped"):
        await conditions.evaluate("trigger.outputs.n == 3", CONTEXT)
    assert await conditions.evaluate("trigger.outputs.n == 3", CONTEXT) is True


async def test_keeps_the_runner_settings_out_of_the_worker(
    conditions: CelConditionEvaluator, workers: ConditionWorkers, monkeypatch
) -> None:
    monkeypatch.setenv("FLOWLOOM_RUNNER_VALUES_KEY", "not-for-the-worker")
    await conditions.validate("true")
    (process,) = workers._running
    environ = Path(f"/proc/{process.pid}/environ")
    environment = await asyncio.to_thread(environ.read_bytes)
    assert b"FLOWLOOM_" not in environment
