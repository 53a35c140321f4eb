from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ProblemOut")


@_attrs_define
class ProblemOut:
    """
    Attributes:
        code (str): A stable code (studio/README.md lists them).
        step (None | str): A step id, "trigger", or null (the workflow).
        input_ (None | str): The input concerned, if any.
        message (str):
    """

    code: str
    step: str | None
    input_: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        step: str | None
        step = self.step

        input_: str | None
        input_ = self.input_

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "step": step,
                "input": input_,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        def _parse_step(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        step = _parse_step(d.pop("step"))

        def _parse_input_(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        input_ = _parse_input_(d.pop("input"))

        message = d.pop("message")

        problem_out = cls(
            code=code,
            step=step,
            input_=input_,
            message=message,
        )

        return problem_out
