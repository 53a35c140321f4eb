from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OutputSpecBody")


@_attrs_define
class OutputSpecBody:
    """
    Attributes:
        name (str):
        type_ (str): An IO type: string, integer, float, file…
        optional (bool | Unset):  Default: False.
        enum_values (list[str] | Unset):
    """

    name: str
    type_: str
    optional: bool | Unset = False
    enum_values: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        optional = self.optional

        enum_values: list[str] | Unset = UNSET
        if not isinstance(self.enum_values, Unset):
            enum_values = self.enum_values

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "type": type_,
            }
        )
        if optional is not UNSET:
            field_dict["optional"] = optional
        if enum_values is not UNSET:
            field_dict["enum_values"] = enum_values

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = d.pop("type")

        optional = d.pop("optional", UNSET)

        enum_values = cast(list[str], d.pop("enum_values", UNSET))

        output_spec_body = cls(
            name=name,
            type_=type_,
            optional=optional,
            enum_values=enum_values,
        )

        return output_spec_body
