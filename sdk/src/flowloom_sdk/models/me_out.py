from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.role import Role, check_role

if TYPE_CHECKING:
    from ..models.membership_out import MembershipOut
    from ..models.user_out import UserOut


T = TypeVar("T", bound="MeOut")


@_attrs_define
class MeOut:
    """
    Attributes:
        user (UserOut):
        memberships (list[MembershipOut]):
        project_id (None | str): The project the token is scoped to.
        role (None | Role):
    """

    user: UserOut
    memberships: list[MembershipOut]
    project_id: str | None
    role: Role | None

    def to_dict(self) -> dict[str, Any]:
        user = self.user.to_dict()

        memberships = []
        for memberships_item_data in self.memberships:
            memberships_item = memberships_item_data.to_dict()
            memberships.append(memberships_item)

        project_id: str | None
        project_id = self.project_id

        role: str | None
        if isinstance(self.role, str):
            role = self.role
        else:
            role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "user": user,
                "memberships": memberships,
                "project_id": project_id,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.membership_out import MembershipOut
        from ..models.user_out import UserOut

        d = dict(src_dict)
        user = UserOut.from_dict(d.pop("user"))

        memberships = []
        _memberships = d.pop("memberships")
        for memberships_item_data in _memberships:
            memberships_item = MembershipOut.from_dict(memberships_item_data)

            memberships.append(memberships_item)

        def _parse_project_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        project_id = _parse_project_id(d.pop("project_id"))

        def _parse_role(data: object) -> Role | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = check_role(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Role, data)

        role = _parse_role(d.pop("role"))

        me_out = cls(
            user=user,
            memberships=memberships,
            project_id=project_id,
            role=role,
        )

        return me_out
