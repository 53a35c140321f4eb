from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="RunSummary")


@_attrs_define
class RunSummary:
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
    """

    id: str
    workflow_id: str
    workflow_version_id: str
    trigger_source: str
    state: str
    created_at: datetime.datetime
    ended_at: datetime.datetime | None
    error: str | None

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
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
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

        run_summary = cls(
            id=id,
            workflow_id=workflow_id,
            workflow_version_id=workflow_version_id,
            trigger_source=trigger_source,
            state=state,
            created_at=created_at,
            ended_at=ended_at,
            error=error,
        )

        return run_summary
