from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="UserOut")


@_attrs_define
class UserOut:
    """
    Attributes:
        id (str):
        username (str):
        full_name (str):
        email (None | str):
        is_admin (bool):
        active (bool):
        created_at (datetime.datetime):
    """

    id: str
    username: str
    full_name: str
    email: str | None
    is_admin: bool
    active: bool
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        username = self.username

        full_name = self.full_name

        email: str | None
        email = self.email

        is_admin = self.is_admin

        active = self.active

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "username": username,
                "full_name": full_name,
                "email": email,
                "is_admin": is_admin,
                "active": active,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        username = d.pop("username")

        full_name = d.pop("full_name")

        def _parse_email(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        is_admin = d.pop("is_admin")

        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        user_out = cls(
            id=id,
            username=username,
            full_name=full_name,
            email=email,
            is_admin=is_admin,
            active=active,
            created_at=created_at,
        )

        return user_out
