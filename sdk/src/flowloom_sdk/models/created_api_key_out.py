from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.api_key_out import ApiKeyOut


T = TypeVar("T", bound="CreatedApiKeyOut")


@_attrs_define
class CreatedApiKeyOut:
    """
    Attributes:
        key (ApiKeyOut):
        api_key (str): The secret, shown this once only.
    """

    key: ApiKeyOut
    api_key: str

    def to_dict(self) -> dict[str, Any]:
        key = self.key.to_dict()

        api_key = self.api_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "key": key,
                "api_key": api_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_key_out import ApiKeyOut

        d = dict(src_dict)
        key = ApiKeyOut.from_dict(d.pop("key"))

        api_key = d.pop("api_key")

        created_api_key_out = cls(
            key=key,
            api_key=api_key,
        )

        return created_api_key_out
