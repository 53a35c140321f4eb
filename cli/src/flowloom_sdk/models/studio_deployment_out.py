from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="StudioDeploymentOut")


@_attrs_define
class StudioDeploymentOut:
    """
    Attributes:
        state (str): Deploying, Deployed, Undeploying, Undeployed or Error.
        version_number (int):
        version_id (str):
        message (str): The runner's explanation (for Error).
        updated_at (datetime.datetime):
    """

    state: str
    version_number: int
    version_id: str
    message: str
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        state = self.state

        version_number = self.version_number

        version_id = self.version_id

        message = self.message

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "version_number": version_number,
                "version_id": version_id,
                "message": message,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = d.pop("state")

        version_number = d.pop("version_number")

        version_id = d.pop("version_id")

        message = d.pop("message")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        studio_deployment_out = cls(
            state=state,
            version_number=version_number,
            version_id=version_id,
            message=message,
            updated_at=updated_at,
        )

        return studio_deployment_out
