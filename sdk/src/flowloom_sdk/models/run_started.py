from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RunStarted")


@_attrs_define
class RunStarted:
    """
    Attributes:
        run_id (str):
        state (None | str | Unset): With `wait`: the run's state when answered (Running if still running).
    """

    run_id: str
    state: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        state: str | Unset | None
        if isinstance(self.state, Unset):
            state = UNSET
        else:
            state = self.state

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "run_id": run_id,
            }
        )
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        def _parse_state(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        run_started = cls(
            run_id=run_id,
            state=state,
        )

        return run_started
