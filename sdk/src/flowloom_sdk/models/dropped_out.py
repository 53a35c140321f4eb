from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DroppedOut")


@_attrs_define
class DroppedOut:
    """
    Attributes:
        input_ (str):
        reason (str):
    """

    input_: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        input_ = d.pop("input")

        reason = d.pop("reason")

        dropped_out = cls(
            input_=input_,
            reason=reason,
        )

        return dropped_out
