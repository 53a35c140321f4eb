from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.studio_deployment_out import StudioDeploymentOut


T = TypeVar("T", bound="WorkflowSummary")


@_attrs_define
class WorkflowSummary:
    """
    Attributes:
        id (str):
        name (str):
        description (str):
        deployment (None | StudioDeploymentOut): null: never deployed.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    description: str
    deployment: StudioDeploymentOut | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        from ..models.studio_deployment_out import StudioDeploymentOut

        id = self.id

        name = self.name

        description = self.description

        deployment: dict[str, Any] | None
        if isinstance(self.deployment, StudioDeploymentOut):
            deployment = self.deployment.to_dict()
        else:
            deployment = self.deployment

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "deployment": deployment,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.studio_deployment_out import StudioDeploymentOut

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description")

        def _parse_deployment(data: object) -> StudioDeploymentOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                deployment_type_0 = StudioDeploymentOut.from_dict(data)

                return deployment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StudioDeploymentOut, data)

        deployment = _parse_deployment(d.pop("deployment"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        workflow_summary = cls(
            id=id,
            name=name,
            description=description,
            deployment=deployment,
            created_at=created_at,
            updated_at=updated_at,
        )

        return workflow_summary
