from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="VariableOut")


@_attrs_define
class VariableOut:
    """
    Attributes:
        type_ (str): string, longstring, password, integer, float, boolean, enum.
        value (bool | float | int | None | str): Of the given type.
        name (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    type_: str
    value: bool | float | int | str | None
    name: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        value: bool | float | int | str | None
        value = self.value

        name = self.name

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "value": value,
                "name": name,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        def _parse_value(data: object) -> bool | float | int | str | None:
            if data is None:
                return data
            return cast(bool | float | int | None | str, data)

        value = _parse_value(d.pop("value"))

        name = d.pop("name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        variable_out = cls(
            type_=type_,
            value=value,
            name=name,
            created_at=created_at,
            updated_at=updated_at,
        )

        return variable_out
