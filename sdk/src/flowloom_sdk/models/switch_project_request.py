from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SwitchProjectRequest")


@_attrs_define
class SwitchProjectRequest:
    """
    Attributes:
        project_id (str):
        refresh_token (None | str | Unset): Current refresh token, revoked.
    """

    project_id: str
    refresh_token: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        project_id = self.project_id

        refresh_token: str | Unset | None
        if isinstance(self.refresh_token, Unset):
            refresh_token = UNSET
        else:
            refresh_token = self.refresh_token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "project_id": project_id,
            }
        )
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        project_id = d.pop("project_id")

        def _parse_refresh_token(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        refresh_token = _parse_refresh_token(d.pop("refresh_token", UNSET))

        switch_project_request = cls(
            project_id=project_id,
            refresh_token=refresh_token,
        )

        return switch_project_request
