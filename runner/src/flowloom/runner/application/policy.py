"""Tunable limits of the runner's use cases."""

from __future__ import annotations

from dataclasses import dataclass

from flowloom.runner.domain.dispatch import DEFAULT_MAX_CONCURRENT


@dataclass(frozen=True)
class EnginePolicy:
    """Infrastructure builds it from settings."""

    # Executions running at once per action deployment (one wrapper process each).
    max_concurrent_per_action: int = DEFAULT_MAX_CONCURRENT
