from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="StudioIoItemOut")


@_attrs_define
class StudioIoItemOut:
    """
    Attributes:
        name (str):
        type_ (str):
        human_name (str):
        help_ (str):
        enum_values (list[str]):
        optional (bool):
        has_default (bool):
        default (Any): Meaningful when has_default.
    """

    name: str
    type_: str
    human_name: str
    help_: str
    enum_values: list[str]
    optional: bool
    has_default: bool
    default: Any

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        human_name = self.human_name

        help_ = self.help_

        enum_values = self.enum_values

        optional = self.optional

        has_default = self.has_default

        default = self.default

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "type": type_,
                "human_name": human_name,
                "help": help_,
                "enum_values": enum_values,
                "optional": optional,
                "has_default": has_default,
                "default": default,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = d.pop("type")

        human_name = d.pop("human_name")

        help_ = d.pop("help")

        enum_values = cast(list[str], d.pop("enum_values"))

        optional = d.pop("optional")

        has_default = d.pop("has_default")

        default = d.pop("default")

        studio_io_item_out = cls(
            name=name,
            type_=type_,
            human_name=human_name,
            help_=help_,
            enum_values=enum_values,
            optional=optional,
            has_default=has_default,
            default=default,
        )

        return studio_io_item_out
