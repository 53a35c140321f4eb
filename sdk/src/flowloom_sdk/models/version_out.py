from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="VersionOut")


@_attrs_define
class VersionOut:
    """
    Attributes:
        number (int):
        version_id (str):
        created_at (datetime.datetime):
    """

    number: int
    version_id: str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        version_id = self.version_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "version_id": version_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number = d.pop("number")

        version_id = d.pop("version_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        version_out = cls(
            number=number,
            version_id=version_id,
            created_at=created_at,
        )

        return version_out
