from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.execution_out import ExecutionOut
    from ..models.run_out_results import RunOutResults
    from ..models.run_out_trigger_outputs import RunOutTriggerOutputs


T = TypeVar("T", bound="RunOut")


@_attrs_define
class RunOut:
    """
    Attributes:
        id (str):
        workflow_id (str):
        workflow_version_id (str):
        trigger_source (str):
        state (str):
        created_at (datetime.datetime):
        ended_at (datetime.datetime | None):
        error (None | str):
        cancel_code (int | None): HTTP status given by a RyaxException.
        trigger_outputs (RunOutTriggerOutputs):
        results (RunOutResults):
        executions (list[ExecutionOut]):
    """

    id: str
    workflow_id: str
    workflow_version_id: str
    trigger_source: str
    state: str
    created_at: datetime.datetime
    ended_at: datetime.datetime | None
    error: str | None
    cancel_code: int | None
    trigger_outputs: RunOutTriggerOutputs
    results: RunOutResults
    executions: list[ExecutionOut]

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        workflow_id = self.workflow_id

        workflow_version_id = self.workflow_version_id

        trigger_source = self.trigger_source

        state = self.state

        created_at = self.created_at.isoformat()

        ended_at: str | None
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        error: str | None
        error = self.error

        cancel_code: int | None
        cancel_code = self.cancel_code

        trigger_outputs = self.trigger_outputs.to_dict()

        results = self.results.to_dict()

        executions = []
        for executions_item_data in self.executions:
            executions_item = executions_item_data.to_dict()
            executions.append(executions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "workflow_id": workflow_id,
                "workflow_version_id": workflow_version_id,
                "trigger_source": trigger_source,
                "state": state,
                "created_at": created_at,
                "ended_at": ended_at,
                "error": error,
                "cancel_code": cancel_code,
                "trigger_outputs": trigger_outputs,
                "results": results,
                "executions": executions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.execution_out import ExecutionOut
        from ..models.run_out_results import RunOutResults
        from ..models.run_out_trigger_outputs import RunOutTriggerOutputs

        d = dict(src_dict)
        id = d.pop("id")

        workflow_id = d.pop("workflow_id")

        workflow_version_id = d.pop("workflow_version_id")

        trigger_source = d.pop("trigger_source")

        state = d.pop("state")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

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

        def _parse_error(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_cancel_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cancel_code = _parse_cancel_code(d.pop("cancel_code"))

        trigger_outputs = RunOutTriggerOutputs.from_dict(d.pop("trigger_outputs"))

        results = RunOutResults.from_dict(d.pop("results"))

        executions = []
        _executions = d.pop("executions")
        for executions_item_data in _executions:
            executions_item = ExecutionOut.from_dict(executions_item_data)

            executions.append(executions_item)

        run_out = cls(
            id=id,
            workflow_id=workflow_id,
            workflow_version_id=workflow_version_id,
            trigger_source=trigger_source,
            state=state,
            created_at=created_at,
            ended_at=ended_at,
            error=error,
            cancel_code=cancel_code,
            trigger_outputs=trigger_outputs,
            results=results,
            executions=executions,
        )

        return run_out
