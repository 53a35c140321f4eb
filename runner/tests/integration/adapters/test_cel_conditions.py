"""`when` conditions evaluated with cel-python."""

from __future__ import annotations

import pytest

from flowloom.runner.infrastructure.conditions.cel import CelConditionEvaluator, ConditionError

CONTEXT = {
    "trigger": {"outputs": {"n": 3, "name": "ada"}},
    "steps": {"writer": {"outputs": {"outfile": "out.txt", "ok": True}}},
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("steps.writer.outputs.outfile != ''", True),
        ("trigger.outputs.n > 5", False),
        ("trigger.outputs.name == 'ada' && steps.writer.outputs.ok", True),
        ("trigger.outputs.n in [1, 2, 3]", True),
    ],
)
def test_evaluates_condition_when_expression_is_valid(expression: str, expected: bool) -> None:
    assert CelConditionEvaluator().evaluate(expression, CONTEXT) is expected


@pytest.mark.parametrize("expression", ["a ==", "steps.x.outputs.y !=", "a && (b", "1 +* 2"])
def test_reports_syntax_error_with_column_when_expression_is_malformed(expression: str) -> None:
    message = CelConditionEvaluator().validate(expression)
    assert message is not None
    assert "syntax error at column" in message
    with pytest.raises(ConditionError):
        CelConditionEvaluator().evaluate(expression, CONTEXT)


def test_accepts_expression_when_it_parses() -> None:
    assert CelConditionEvaluator().validate("steps.writer.outputs.outfile != ''") is None


def test_fails_clearly_when_expression_is_not_boolean() -> None:
    with pytest.raises(ConditionError, match="not true or false"):
        CelConditionEvaluator().evaluate("trigger.outputs.n + 1", CONTEXT)


def test_fails_naming_the_member_when_step_is_unknown() -> None:
    with pytest.raises(ConditionError, match="'missing'"):
        CelConditionEvaluator().evaluate("steps.missing.outputs.x == 1", CONTEXT)


def test_never_runs_python_when_expression_looks_like_code(tmp_path) -> None:
    marker = tmp_path / "pwned"
    expression = f"__import__('os').system('touch {marker}') == 0"
    with pytest.raises(ConditionError):
        CelConditionEvaluator().evaluate(expression, CONTEXT)
    assert not marker.exists()
