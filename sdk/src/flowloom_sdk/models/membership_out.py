from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.role import Role, check_role

T = TypeVar("T", bound="MembershipOut")


@_attrs_define
class MembershipOut:
    """
    Attributes:
        project_id (str):
        project_name (str):
        role (Role): A user's role in one project; platform admins stand above all roles.
    """

    project_id: str
    project_name: str
    role: Role

    def to_dict(self) -> dict[str, Any]:
        project_id = self.project_id

        project_name = self.project_name

        role: str = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "project_id": project_id,
                "project_name": project_name,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        project_id = d.pop("project_id")

        project_name = d.pop("project_name")

        role = check_role(d.pop("role"))

        membership_out = cls(
            project_id=project_id,
            project_name=project_name,
            role=role,
        )

        return membership_out
