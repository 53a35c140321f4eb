from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

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
        changed_since (bool | None | Unset): true: the workflow, an action it resolves to or a project variable it reads
            changed since this version was frozen (variables are read at deploy time, not at run time), or it is no longer
            valid: deploy again to apply the change. Given by `GET /workflows/{id}` and `GET /workflows/{id}/deployment`;
            null elsewhere.
    """

    state: str
    version_number: int
    version_id: str
    message: str
    updated_at: datetime.datetime
    changed_since: bool | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        state = self.state

        version_number = self.version_number

        version_id = self.version_id

        message = self.message

        updated_at = self.updated_at.isoformat()

        changed_since: bool | Unset | None
        if isinstance(self.changed_since, Unset):
            changed_since = UNSET
        else:
            changed_since = self.changed_since

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
        if changed_since is not UNSET:
            field_dict["changed_since"] = changed_since

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = d.pop("state")

        version_number = d.pop("version_number")

        version_id = d.pop("version_id")

        message = d.pop("message")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_changed_since(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        changed_since = _parse_changed_since(d.pop("changed_since", UNSET))

        studio_deployment_out = cls(
            state=state,
            version_number=version_number,
            version_id=version_id,
            message=message,
            updated_at=updated_at,
            changed_since=changed_since,
        )

        return studio_deployment_out
