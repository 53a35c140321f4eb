"""Validation problems: a stable code, where it is, and a message a user understands."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Code(StrEnum):
    """Stable problem codes (the API and the web UI key on them); see studio/README.md."""

    NO_TRIGGER = "no_trigger"
    INVALID_STEP_ID = "invalid_step_id"
    DUPLICATE_STEP_ID = "duplicate_step_id"
    RESERVED_STEP_ID = "reserved_step_id"
    UNKNOWN_ACTION = "unknown_action"
    UNKNOWN_VERSION = "unknown_version"
    NOT_A_TRIGGER_ACTION = "not_a_trigger_action"
    TRIGGER_ACTION_IN_STEP = "trigger_action_in_step"
    INVALID_TRIGGER_BINDING = "invalid_trigger_binding"
    INVALID_TRIGGER_OUTPUT = "invalid_trigger_output"
    INVALID_CRON = "invalid_cron"
    INVALID_TIMEZONE = "invalid_timezone"
    UNKNOWN_INPUT = "unknown_input"
    MISSING_REQUIRED_INPUT = "missing_required_input"
    UNKNOWN_REFERENCE = "unknown_reference"
    NON_UPSTREAM_REFERENCE = "non_upstream_reference"
    CYCLE = "cycle"
    TYPE_MISMATCH = "type_mismatch"
    INVALID_LITERAL = "invalid_literal"
    UNKNOWN_VARIABLE = "unknown_variable"
    VARIABLE_TYPE_MISMATCH = "variable_type_mismatch"
    UNKNOWN_SECRET = "unknown_secret"  # noqa: S105 (a code, not a secret)
    SECRET_TO_NON_PASSWORD = "secret_to_non_password"  # noqa: S105 (a code, not a secret)
    INVALID_CONDITION = "invalid_condition"
    INVALID_RETRY = "invalid_retry"
    INVALID_TIMEOUT = "invalid_timeout"
    UNKNOWN_RESULT_REFERENCE = "unknown_result_reference"


@dataclass(frozen=True)
class Problem:
    """One thing to fix before the workflow can be deployed.

    ``step`` is a step id, ``"trigger"`` for the trigger, or None for the workflow itself
    (results included); ``input`` is the input name concerned, or None.
    """

    code: Code
    step: str | None
    input: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
