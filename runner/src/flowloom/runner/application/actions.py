"""Running one started attempt on a warm wrapper of its action."""

from __future__ import annotations

import logging

from flowloom.runner.application.attempts import StartedAttempt
from flowloom.runner.domain.errors import ActionStartFailed
from flowloom.runner.domain.invocation import ExecutionOutcome, Failed
from flowloom.runner.domain.ports import ActionDeployer, ActionInvoker

logger = logging.getLogger(__name__)


async def run_attempt(
    deployer: ActionDeployer, invoker: ActionInvoker, attempt: StartedAttempt
) -> ExecutionOutcome:
    """The attempt's outcome; never raises (a port that does is a Failed outcome), so an
    execution is never left Running. The wrapper is given back before this returns."""
    action = attempt.deployment.action.action_id
    try:
        handle = await deployer.ensure(attempt.deployment)
    except ActionStartFailed as error:
        return Failed(f"action '{action}' could not start: {error.message}")
    except Exception as error:  # the port must not raise either; never leave it Running
        logger.exception("action deployer raised")
        return Failed(f"action '{action}' could not start: {error or type(error).__name__}")
    try:
        return await invoker.execute(handle, attempt.request)
    except Exception as error:  # the port must not raise; never leave an execution Running
        logger.exception("action invoker raised")
        return Failed(f"the runner could not run the action: {error}")
    finally:
        await deployer.release(handle)
