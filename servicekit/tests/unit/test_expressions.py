"""Size and shape limits of expressions, measured on the text before any parser sees it."""

from __future__ import annotations

import pytest

from flowloom.servicekit.expressions import ExpressionLimits, Shape, measure

LIMITS = ExpressionLimits()


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("steps.a.outputs.x == 'y'", Shape(depth=0, operators=4, comprehension_depth=0)),
        ("(a && (b || c)) && f(x[0])", Shape(depth=2, operators=4, comprehension_depth=0)),
        ("[1, 2, 3].all(x, x > 0)", Shape(depth=1, operators=2, comprehension_depth=1)),
        ("l.map(a, l.filter(b, b < a)).exists(c, c in l)",
         Shape(depth=2, operators=5, comprehension_depth=2)),
        ("all(x) && map(y)", Shape(depth=1, operators=1, comprehension_depth=0)),
        ("'((( && [[' + \"a.b.c\" + r'\\'' + '''x\n(y'''",
         Shape(depth=0, operators=3, comprehension_depth=0)),
        ("-1.5e3 < 0x1Fu && !true", Shape(depth=0, operators=4, comprehension_depth=0)),
        (")))(((", Shape(depth=3, operators=0, comprehension_depth=0)),
    ],
)  # fmt: skip
def test_measures_depth_operators_and_comprehensions_when_reading_an_expression(
    text: str, shape: Shape
) -> None:
    assert measure(text) == shape


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x" * 4097, "is 4097 bytes long: the limit is 4096 bytes"),
        ("é" * 2049, "is 4098 bytes long: the limit is 4096 bytes"),
        ("(" * 13 + "1" + ")" * 13, "nests brackets 13 levels deep: the limit is 12 levels"),
        ("a" + ".b" * 129, "has 129 operators: the limit is 128 operators"),
        ("x" + "[0]" * 129, "has 129 operators: the limit is 128 operators"),
        ("l.all(a, l.all(b, l.exists(c, true)))",
         "nests 3 comprehensions (all, exists, exists_one, filter, map) in one another: "
         "the limit is 2"),
    ],
)  # fmt: skip
def test_names_the_limit_and_its_value_when_an_expression_exceeds_it(
    text: str, problem: str
) -> None:
    assert LIMITS.problem(text) == problem


@pytest.mark.parametrize(
    "text",
    [
        "x" * 4096,
        "é" * 2048,
        "(" * 12 + "1" + ")" * 12,
        "a" + ".b" * 128,
        "l.all(a, l.all(b, true)) && l.exists(c, l.map(d, d).size() > 0)",
        "'" + "(" * 100 + "'",
        "a && (b",  # unbalanced: the parser says so
    ],
)
def test_accepts_expression_when_it_is_within_every_limit(text: str) -> None:
    assert LIMITS.problem(text) is None


def test_checks_the_size_first_when_the_text_is_huge() -> None:
    huge = "(" * 1_000_000
    assert LIMITS.problem(huge) == "is 1000000 bytes long: the limit is 4096 bytes"
