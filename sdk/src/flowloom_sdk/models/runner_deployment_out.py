from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.trigger_out import TriggerOut


T = TypeVar("T", bound="RunnerDeploymentOut")


@_attrs_define
class RunnerDeploymentOut:
    """
    Attributes:
        workflow_id (str):
        workflow_version_id (str):
        name (str):
        number (int):
        state (str):
        message (str): For Error: what went wrong and what to do.
        webhook_path (str): POST here to start a run (the key is the secret).
        updated_at (datetime.datetime):
        trigger (None | TriggerOut): How the trigger does once deployed; null while not deployed.
    """

    workflow_id: str
    workflow_version_id: str
    name: str
    number: int
    state: str
    message: str
    webhook_path: str
    updated_at: datetime.datetime
    trigger: TriggerOut | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.trigger_out import TriggerOut

        workflow_id = self.workflow_id

        workflow_version_id = self.workflow_version_id

        name = self.name

        number = self.number

        state = self.state

        message = self.message

        webhook_path = self.webhook_path

        updated_at = self.updated_at.isoformat()

        trigger: dict[str, Any] | None
        if isinstance(self.trigger, TriggerOut):
            trigger = self.trigger.to_dict()
        else:
            trigger = self.trigger

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "workflow_id": workflow_id,
                "workflow_version_id": workflow_version_id,
                "name": name,
                "number": number,
                "state": state,
                "message": message,
                "webhook_path": webhook_path,
                "updated_at": updated_at,
                "trigger": trigger,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trigger_out import TriggerOut

        d = dict(src_dict)
        workflow_id = d.pop("workflow_id")

        workflow_version_id = d.pop("workflow_version_id")

        name = d.pop("name")

        number = d.pop("number")

        state = d.pop("state")

        message = d.pop("message")

        webhook_path = d.pop("webhook_path")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_trigger(data: object) -> TriggerOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_0 = TriggerOut.from_dict(data)

                return trigger_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TriggerOut, data)

        trigger = _parse_trigger(d.pop("trigger"))

        runner_deployment_out = cls(
            workflow_id=workflow_id,
            workflow_version_id=workflow_version_id,
            name=name,
            number=number,
            state=state,
            message=message,
            webhook_path=webhook_path,
            updated_at=updated_at,
            trigger=trigger,
        )

        return runner_deployment_out
