from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RepositoryIoItemOut")


@_attrs_define
class RepositoryIoItemOut:
    """
    Attributes:
        name (str):
        human_name (str):
        help_ (str):
        type_ (str):
        enum_values (list[str]):
        optional (bool):
        default_value (Any | Unset):
    """

    name: str
    human_name: str
    help_: str
    type_: str
    enum_values: list[str]
    optional: bool
    default_value: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        human_name = self.human_name

        help_ = self.help_

        type_ = self.type_

        enum_values = self.enum_values

        optional = self.optional

        default_value = self.default_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "human_name": human_name,
                "help": help_,
                "type": type_,
                "enum_values": enum_values,
                "optional": optional,
            }
        )
        if default_value is not UNSET:
            field_dict["default_value"] = default_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        human_name = d.pop("human_name")

        help_ = d.pop("help")

        type_ = d.pop("type")

        enum_values = cast(list[str], d.pop("enum_values"))

        optional = d.pop("optional")

        default_value = d.pop("default_value", UNSET)

        repository_io_item_out = cls(
            name=name,
            human_name=human_name,
            help_=help_,
            type_=type_,
            enum_values=enum_values,
            optional=optional,
            default_value=default_value,
        )

        repository_io_item_out.additional_properties = d
        return repository_io_item_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
