from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScanRequest")


@_attrs_define
class ScanRequest:
    """
    Attributes:
        ref (None | str | Unset): Branch, tag or commit; default: the source's branch (`HEAD`: the repository's default
            branch, the scan's `ref` then says which).
    """

    ref: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        ref: str | Unset | None
        if isinstance(self.ref, Unset):
            ref = UNSET
        else:
            ref = self.ref

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if ref is not UNSET:
            field_dict["ref"] = ref

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_ref(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ref = _parse_ref(d.pop("ref", UNSET))

        scan_request = cls(
            ref=ref,
        )

        return scan_request
