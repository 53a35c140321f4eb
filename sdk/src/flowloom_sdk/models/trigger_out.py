from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TriggerOut")


@_attrs_define
class TriggerOut:
    """
    Attributes:
        state (str): `running`; `finished`: a source whose `run` returned (the workflow stays deployed: manual and
            webhook runs still start); `failed`: it raised or crashed.
        message (str): For `failed`: the trigger's error.
    """

    state: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        state = self.state

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = d.pop("state")

        message = d.pop("message")

        trigger_out = cls(
            state=state,
            message=message,
        )

        return trigger_out
