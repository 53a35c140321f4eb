from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

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
    """

    workflow_id: str
    workflow_version_id: str
    name: str
    number: int
    state: str
    message: str
    webhook_path: str
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        workflow_id = self.workflow_id

        workflow_version_id = self.workflow_version_id

        name = self.name

        number = self.number

        state = self.state

        message = self.message

        webhook_path = self.webhook_path

        updated_at = self.updated_at.isoformat()

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
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        workflow_id = d.pop("workflow_id")

        workflow_version_id = d.pop("workflow_version_id")

        name = d.pop("name")

        number = d.pop("number")

        state = d.pop("state")

        message = d.pop("message")

        webhook_path = d.pop("webhook_path")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        runner_deployment_out = cls(
            workflow_id=workflow_id,
            workflow_version_id=workflow_version_id,
            name=name,
            number=number,
            state=state,
            message=message,
            webhook_path=webhook_path,
            updated_at=updated_at,
        )

        return runner_deployment_out
