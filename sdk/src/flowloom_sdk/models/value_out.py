from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ValueOut")


@_attrs_define
class ValueOut:
    """
    Attributes:
        type_ (str):
        value (Any): null when masked; bytes as base64; files as an object.
        secret (bool): A password, a project secret or a text holding one: the value is hidden.
    """

    type_: str
    value: Any
    secret: bool

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        value = self.value

        secret = self.secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "value": value,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        value = d.pop("value")

        secret = d.pop("secret")

        value_out = cls(
            type_=type_,
            value=value,
            secret=secret,
        )

        return value_out
