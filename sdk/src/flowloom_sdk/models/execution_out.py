from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.artefact_out import ArtefactOut
    from ..models.attempt_out import AttemptOut
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
        attempt (int): Number of the last attempt started (0: none yet).
        inputs (ExecutionOutInputs):
        outputs (ExecutionOutOutputs):
        message (None | str): Why the execution failed, was skipped or canceled (the values of its passwords and secrets
            masked as `***`).
        started_at (datetime.datetime | None):
        ended_at (datetime.datetime | None):
        next_attempt_at (datetime.datetime | None): When a waiting retry starts.
        attempts (list[AttemptOut]): Every attempt started, oldest first (a step retried three times has three).
            Executions that ran before attempts were kept show their last one only.
        artefact (ArtefactOut | None): The artefact the step ran on (that of the run's workflow version: a redeploy
            never serves a run from another version's wrappers); null if unknown.
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
    attempts: list[AttemptOut]
    artefact: ArtefactOut | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.artefact_out import ArtefactOut

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

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        artefact: dict[str, Any] | None
        if isinstance(self.artefact, ArtefactOut):
            artefact = self.artefact.to_dict()
        else:
            artefact = self.artefact

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
                "attempts": attempts,
                "artefact": artefact,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.artefact_out import ArtefactOut
        from ..models.attempt_out import AttemptOut
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

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = AttemptOut.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        def _parse_artefact(data: object) -> ArtefactOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                artefact_type_0 = ArtefactOut.from_dict(data)

                return artefact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ArtefactOut | None, data)

        artefact = _parse_artefact(d.pop("artefact"))

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
            attempts=attempts,
            artefact=artefact,
        )

        return execution_out
