"""Decision rules: which orders the venv builder takes, and for how long a build may run."""

from __future__ import annotations

import re

from flowloom.action_builder.domain.build import BuildOrder

SUPPORTED_TYPES = ("python3",)
_PYTHON_VERSION = re.compile(r"^3(\.\d{1,3}){1,2}$")


def rejection(order: BuildOrder) -> str | None:
    """Why the venv builder cannot build this order at all; None when it can try."""
    if order.type not in SUPPORTED_TYPES:
        return (
            f"action type {order.type or '(none)'} is not supported by the venv builder "
            f"(supported: {', '.join(SUPPORTED_TYPES)})"
        )
    if order.dependencies:
        return "system packages cannot be installed by the venv builder: " + ", ".join(
            order.dependencies
        )
    if order.python_version and not _PYTHON_VERSION.match(order.python_version):
        return f"Python version {order.python_version!r} is not a version such as 3.11"
    return None


def time_limit(order: BuildOrder, default_seconds: float) -> float:
    """The order's own limit when it sets one, else the builder's default."""
    return order.time_limit_seconds if order.time_limit_seconds > 0 else default_seconds


def describe_seconds(seconds: float) -> str:
    """`1` rather than `1.0`; fractions kept (`1.5`)."""
    return f"{seconds:g}"


def time_limit_message(seconds: float) -> str:
    return f"build exceeded its time limit of {describe_seconds(seconds)} s"
