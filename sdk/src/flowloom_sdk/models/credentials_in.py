from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CredentialsIn")


@_attrs_define
class CredentialsIn:
    """Username + password/token (https), or an SSH private key (ssh). Write-only.

    Attributes:
        username (None | str | Unset):
        password (None | str | Unset): Password or token.
        ssh_private_key (None | str | Unset):
    """

    username: str | Unset | None = UNSET
    password: str | Unset | None = UNSET
    ssh_private_key: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        username: str | Unset | None
        if isinstance(self.username, Unset):
            username = UNSET
        else:
            username = self.username

        password: str | Unset | None
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        ssh_private_key: str | Unset | None
        if isinstance(self.ssh_private_key, Unset):
            ssh_private_key = UNSET
        else:
            ssh_private_key = self.ssh_private_key

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if username is not UNSET:
            field_dict["username"] = username
        if password is not UNSET:
            field_dict["password"] = password
        if ssh_private_key is not UNSET:
            field_dict["ssh_private_key"] = ssh_private_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_username(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        username = _parse_username(d.pop("username", UNSET))

        def _parse_password(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        def _parse_ssh_private_key(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ssh_private_key = _parse_ssh_private_key(d.pop("ssh_private_key", UNSET))

        credentials_in = cls(
            username=username,
            password=password,
            ssh_private_key=ssh_private_key,
        )

        return credentials_in
