from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.role import Role, check_role

T = TypeVar("T", bound="NewMemberRequest")


@_attrs_define
class NewMemberRequest:
    """
    Attributes:
        username (str):
        role (Role): A user's role in one project; platform admins stand above all roles.
    """

    username: str
    role: Role

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        role: str = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "username": username,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        role = check_role(d.pop("role"))

        new_member_request = cls(
            username=username,
            role=role,
        )

        return new_member_request
