"""Fixtures of the unit tests: a fresh world of fakes per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .world import World


@pytest.fixture
async def world() -> AsyncIterator[World]:
    world = World()
    yield world
    await world.engine.close()
