from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="VariableBody")


@_attrs_define
class VariableBody:
    """
    Attributes:
        type_ (str): string, longstring, password, integer, float, boolean, enum.
        value (bool | float | int | None | str): Of the given type.
    """

    type_: str
    value: bool | float | int | str | None

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        value: bool | float | int | str | None
        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "value": value,
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

        variable_body = cls(
            type_=type_,
            value=value,
        )

        return variable_body
