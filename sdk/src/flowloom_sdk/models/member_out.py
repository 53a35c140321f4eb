from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.role import Role, check_role

T = TypeVar("T", bound="MemberOut")


@_attrs_define
class MemberOut:
    """
    Attributes:
        user_id (str):
        username (str):
        full_name (str):
        role (Role): A user's role in one project; platform admins stand above all roles.
    """

    user_id: str
    username: str
    full_name: str
    role: Role

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        username = self.username

        full_name = self.full_name

        role: str = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "user_id": user_id,
                "username": username,
                "full_name": full_name,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        username = d.pop("username")

        full_name = d.pop("full_name")

        role = check_role(d.pop("role"))

        member_out = cls(
            user_id=user_id,
            username=username,
            full_name=full_name,
            role=role,
        )

        return member_out
