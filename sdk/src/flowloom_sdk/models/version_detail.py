from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.version_detail_content import VersionDetailContent


T = TypeVar("T", bound="VersionDetail")


@_attrs_define
class VersionDetail:
    """
    Attributes:
        number (int):
        version_id (str):
        created_at (datetime.datetime):
        content (VersionDetailContent): The frozen version as sent to the runner (studio.v1.WorkflowVersion as JSON):
            resolved actions and artefacts, resolved variables, secrets by name.
    """

    number: int
    version_id: str
    created_at: datetime.datetime
    content: VersionDetailContent

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        version_id = self.version_id

        created_at = self.created_at.isoformat()

        content = self.content.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "version_id": version_id,
                "created_at": created_at,
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.version_detail_content import VersionDetailContent

        d = dict(src_dict)
        number = d.pop("number")

        version_id = d.pop("version_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        content = VersionDetailContent.from_dict(d.pop("content"))

        version_detail = cls(
            number=number,
            version_id=version_id,
            created_at=created_at,
            content=content,
        )

        return version_detail
