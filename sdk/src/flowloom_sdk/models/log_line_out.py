from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="LogLineOut")


@_attrs_define
class LogLineOut:
    """
    Attributes:
        number (int):
        stream (str):
        line (str):
        timestamp (datetime.datetime):
    """

    number: int
    stream: str
    line: str
    timestamp: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        stream = self.stream

        line = self.line

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "stream": stream,
                "line": line,
                "timestamp": timestamp,
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

        log_line_out = cls(
            number=number,
            stream=stream,
            line=line,
            timestamp=timestamp,
        )

        return log_line_out
