from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ExecutionLogLineOut")


@_attrs_define
class ExecutionLogLineOut:
    """
    Attributes:
        number (int):
        stream (str):
        line (str):
        timestamp (datetime.datetime):
        attempt (int): The attempt of the execution that wrote the line.
    """

    number: int
    stream: str
    line: str
    timestamp: datetime.datetime
    attempt: int

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        stream = self.stream

        line = self.line

        timestamp = self.timestamp.isoformat()

        attempt = self.attempt

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "stream": stream,
                "line": line,
                "timestamp": timestamp,
                "attempt": attempt,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number = d.pop("number")

        stream = d.pop("stream")

        line = d.pop("line")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        attempt = d.pop("attempt")

        execution_log_line_out = cls(
            number=number,
            stream=stream,
            line=line,
            timestamp=timestamp,
            attempt=attempt,
        )

        return execution_log_line_out
