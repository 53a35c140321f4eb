from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="VersionBody")


@_attrs_define
class VersionBody:
    """
    Attributes:
        version (None | str): A published version; null: always the newest.
    """

    version: str | None

    def to_dict(self) -> dict[str, Any]:
        version: str | None
        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_version(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        version = _parse_version(d.pop("version"))

        version_body = cls(
            version=version,
        )

        return version_body
