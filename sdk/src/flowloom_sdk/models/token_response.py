from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.role import Role, check_role
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenResponse")


@_attrs_define
class TokenResponse:
    """
    Attributes:
        access_token (str):
        expires_in (int): Seconds until the access token expires.
        expires_at (datetime.datetime):
        refresh_token (None | str): Absent for API-key tokens.
        refresh_expires_at (datetime.datetime | None):
        project_id (None | str):
        role (None | Role):
        token_type (Literal['bearer'] | Unset):  Default: 'bearer'.
    """

    access_token: str
    expires_in: int
    expires_at: datetime.datetime
    refresh_token: str | None
    refresh_expires_at: datetime.datetime | None
    project_id: str | None
    role: Role | None
    token_type: Literal["bearer"] | Unset = "bearer"

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        expires_in = self.expires_in

        expires_at = self.expires_at.isoformat()

        refresh_token: str | None
        refresh_token = self.refresh_token

        refresh_expires_at: str | None
        if isinstance(self.refresh_expires_at, datetime.datetime):
            refresh_expires_at = self.refresh_expires_at.isoformat()
        else:
            refresh_expires_at = self.refresh_expires_at

        project_id: str | None
        project_id = self.project_id

        role: str | None
        if isinstance(self.role, str):
            role = self.role
        else:
            role = self.role

        token_type = self.token_type

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "access_token": access_token,
                "expires_in": expires_in,
                "expires_at": expires_at,
                "refresh_token": refresh_token,
                "refresh_expires_at": refresh_expires_at,
                "project_id": project_id,
                "role": role,
            }
        )
        if token_type is not UNSET:
            field_dict["token_type"] = token_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token")

        expires_in = d.pop("expires_in")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_refresh_token(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        refresh_token = _parse_refresh_token(d.pop("refresh_token"))

        def _parse_refresh_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                refresh_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return refresh_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        refresh_expires_at = _parse_refresh_expires_at(d.pop("refresh_expires_at"))

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

        token_type = cast(Literal["bearer"] | Unset, d.pop("token_type", UNSET))
        if token_type != "bearer" and not isinstance(token_type, Unset):
            raise ValueError(f"token_type must match const 'bearer', got '{token_type}'")

        token_response = cls(
            access_token=access_token,
            expires_in=expires_in,
            expires_at=expires_at,
            refresh_token=refresh_token,
            refresh_expires_at=refresh_expires_at,
            project_id=project_id,
            role=role,
            token_type=token_type,
        )

        return token_response
