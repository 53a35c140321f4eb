from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="NewUserRequest")


@_attrs_define
class NewUserRequest:
    """
    Attributes:
        username (str):
        password (str):
        full_name (str | Unset):  Default: ''.
        email (None | str | Unset):
        is_admin (bool | Unset):  Default: False.
    """

    username: str
    password: str
    full_name: str | Unset = ""
    email: str | Unset | None = UNSET
    is_admin: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        password = self.password

        full_name = self.full_name

        email: str | Unset | None
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        is_admin = self.is_admin

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "username": username,
                "password": password,
            }
        )
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if email is not UNSET:
            field_dict["email"] = email
        if is_admin is not UNSET:
            field_dict["is_admin"] = is_admin

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        password = d.pop("password")

        full_name = d.pop("full_name", UNSET)

        def _parse_email(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        is_admin = d.pop("is_admin", UNSET)

        new_user_request = cls(
            username=username,
            password=password,
            full_name=full_name,
            email=email,
            is_admin=is_admin,
        )

        return new_user_request
