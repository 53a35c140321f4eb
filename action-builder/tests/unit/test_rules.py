"""Which orders the venv builder takes, and its time limit."""

from __future__ import annotations

import pytest

from flowloom.action_builder.domain.rules import rejection, time_limit, time_limit_message

from .conftest import order


@pytest.mark.parametrize("action_type", ["nodejs", "csharp-dotnet6", "python3-cuda"])
def test_rejects_order_when_type_is_not_python3(action_type: str) -> None:
    assert rejection(order(type=action_type)) == (
        f"action type {action_type} is not supported by the venv builder (supported: python3)"
    )


def test_rejects_order_when_it_needs_system_packages() -> None:
    assert rejection(order(dependencies=("ffmpeg", "libsndfile"))) == (
        "system packages cannot be installed by the venv builder: ffmpeg, libsndfile"
    )


def test_rejects_order_when_python_version_is_not_a_version() -> None:
    reason = rejection(order(python_version="latest"))
    assert reason is not None
    assert "'latest'" in reason


def test_accepts_python3_order_with_or_without_version() -> None:
    assert rejection(order()) is None
    assert rejection(order(python_version="3.12")) is None


def test_uses_order_time_limit_when_it_sets_one() -> None:
    assert time_limit(order(time_limit_seconds=30), 900) == 30
    assert time_limit(order(), 900) == 900


def test_time_limit_message_names_seconds_without_needless_decimals() -> None:
    assert time_limit_message(1.0) == "build exceeded its time limit of 1 s"
    assert time_limit_message(1.5) == "build exceeded its time limit of 1.5 s"
