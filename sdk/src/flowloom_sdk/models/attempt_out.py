from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="AttemptOut")


@_attrs_define
class AttemptOut:
    """
    Attributes:
        number (int): 1 for the first attempt, then one more per retry.
        state (str): Running, Success, Error or Canceled.
        started_at (datetime.datetime):
        ended_at (datetime.datetime | None):
        error (None | str): Why the attempt failed or was canceled (the values of the execution's passwords and secrets
            masked as `***`).
        traceback (str): The user code's traceback when its handler raised (file and line of each frame), masked like
            `error`; empty otherwise.
    """

    number: int
    state: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    error: str | None
    traceback: str

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        state = self.state

        started_at = self.started_at.isoformat()

        ended_at: str | None
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        error: str | None
        error = self.error

        traceback = self.traceback

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "state": state,
                "started_at": started_at,
                "ended_at": ended_at,
                "error": error,
                "traceback": traceback,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number = d.pop("number")

        state = d.pop("state")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_error(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        traceback = d.pop("traceback")

        attempt_out = cls(
            number=number,
            state=state,
            started_at=started_at,
            ended_at=ended_at,
            error=error,
            traceback=traceback,
        )

        return attempt_out
