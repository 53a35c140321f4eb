from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FileOut")


@_attrs_define
class FileOut:
    """
    Attributes:
        key (str): Bind it with {"file": key}.
        filename (str):
        size (int):
        media_type (str):
        created_at (datetime.datetime):
    """

    key: str
    filename: str
    size: int
    media_type: str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        filename = self.filename

        size = self.size

        media_type = self.media_type

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "key": key,
                "filename": filename,
                "size": size,
                "media_type": media_type,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        filename = d.pop("filename")

        size = d.pop("size")

        media_type = d.pop("media_type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        file_out = cls(
            key=key,
            filename=filename,
            size=size,
            media_type=media_type,
            created_at=created_at,
        )

        return file_out
