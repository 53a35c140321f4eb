from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.execution_out_inputs import ExecutionOutInputs
    from ..models.execution_out_outputs import ExecutionOutOutputs


T = TypeVar("T", bound="ExecutionOut")


@_attrs_define
class ExecutionOut:
    """
    Attributes:
        id (str):
        step_id (str):
        state (str):
        attempt (int):
        inputs (ExecutionOutInputs):
        outputs (ExecutionOutOutputs):
        message (None | str): Why the execution failed, was skipped or canceled.
        started_at (datetime.datetime | None):
        ended_at (datetime.datetime | None):
        next_attempt_at (datetime.datetime | None): When a waiting retry starts.
    """

    id: str
    step_id: str
    state: str
    attempt: int
    inputs: ExecutionOutInputs
    outputs: ExecutionOutOutputs
    message: str | None
    started_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    next_attempt_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        step_id = self.step_id

        state = self.state

        attempt = self.attempt

        inputs = self.inputs.to_dict()

        outputs = self.outputs.to_dict()

        message: str | None
        message = self.message

        started_at: str | None
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        ended_at: str | None
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        next_attempt_at: str | None
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "step_id": step_id,
                "state": state,
                "attempt": attempt,
                "inputs": inputs,
                "outputs": outputs,
                "message": message,
                "started_at": started_at,
                "ended_at": ended_at,
                "next_attempt_at": next_attempt_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.execution_out_inputs import ExecutionOutInputs
        from ..models.execution_out_outputs import ExecutionOutOutputs

        d = dict(src_dict)
        id = d.pop("id")

        step_id = d.pop("step_id")

        state = d.pop("state")

        attempt = d.pop("attempt")

        inputs = ExecutionOutInputs.from_dict(d.pop("inputs"))

        outputs = ExecutionOutOutputs.from_dict(d.pop("outputs"))

        def _parse_message(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        execution_out = cls(
            id=id,
            step_id=step_id,
            state=state,
            attempt=attempt,
            inputs=inputs,
            outputs=outputs,
            message=message,
            started_at=started_at,
            ended_at=ended_at,
            next_attempt_at=next_attempt_at,
        )

        return execution_out
