"""The `service` object a source's `run(service, input_values)` receives, as a typing Protocol."""

from __future__ import annotations

from enum import Enum
from typing import Any, Protocol, runtime_checkable


class RyaxRunStatus(Enum):
    """Accepted by `create_run(..., status=...)` for sources written for upstream."""

    DONE = 1
    ERROR = 2


@runtime_checkable
class RyaxSourceProtocol(Protocol):
    """What a source may call on its `service` argument."""

    async def create_run(
        self,
        data: dict[str, Any],
        running_time: float | None = None,
        status: RyaxRunStatus | None = None,
    ) -> None:
        """Start one workflow run with these outputs (checked like a processor's outputs).

        `running_time` is accepted and ignored; `status=RyaxRunStatus.ERROR` reports an error.
        """
        ...

    async def create_run_error(self, message: str = "") -> None:
        """Report that the source failed to produce a run (the deployment keeps running)."""
        ...

    def get_output_definitions(self) -> list[dict[str, Any]]:
        """Declared outputs: `name`, `type`, `optional`, `enum_values` of each."""
        ...
