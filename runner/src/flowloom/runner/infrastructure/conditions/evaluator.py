"""The ConditionEvaluator adapter: limits checked here, CEL compiled and evaluated in workers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flowloom.runner.domain.ports import ConditionEvaluator
from flowloom.runner.infrastructure.conditions.cel import ConditionError, limit_problem
from flowloom.runner.infrastructure.conditions.processes import (
    BudgetExceeded,
    ConditionWorkers,
    WorkerFailed,
)
from flowloom.runner.infrastructure.conditions.worker import request_line


@dataclass(eq=False)
class CelConditionEvaluator(ConditionEvaluator):
    """Size and nesting limits first (the studio checks the same ones when a condition is
    edited; the runner checks again what it receives over the bus), then cel-python in a
    worker process with a time budget: the event loop never parses nor evaluates.

    Context: ``{"trigger": {"outputs": {...}}, "steps": {"<id>": {"outputs": {...}}}}``.
    """

    workers: ConditionWorkers

    async def validate(self, expression: str) -> str | None:
        problem = limit_problem(expression)
        if problem is not None:
            return problem
        try:
            answer = await self.workers.ask(request_line(expression, None))
        except BudgetExceeded:
            return f"the condition took longer than {self.workers.budget:g} s to compile"
        except WorkerFailed as error:
            return str(error)
        refused = answer.get("problem")
        return refused if isinstance(refused, str) else None

    async def evaluate(self, expression: str, context: Mapping[str, object]) -> bool:
        problem = limit_problem(expression)
        if problem is not None:
            raise ConditionError(problem)
        try:
            answer = await self.workers.ask(request_line(expression, context))
        except BudgetExceeded:
            raise ConditionError(
                f"the condition took longer than {self.workers.budget:g} s "
                "(FLOWLOOM_RUNNER_CONDITION_TIMEOUT_SECONDS): it was stopped"
            ) from None
        except WorkerFailed as error:
            raise ConditionError(str(error)) from None
        holds = answer.get("holds")
        if isinstance(holds, bool):
            return holds
        raise ConditionError(str(answer.get("problem") or "the condition gave no answer"))
