from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ActionSummaryOut")


@_attrs_define
class ActionSummaryOut:
    """
    Attributes:
        technical_name (str):
        human_name (str):
        description (str):
        kind (str): Source (a trigger), Processor or Publisher.
        categories (list[str]):
        latest_version (str):
        versions (list[str]): Every published version, oldest first.
        has_logo (bool):
    """

    technical_name: str
    human_name: str
    description: str
    kind: str
    categories: list[str]
    latest_version: str
    versions: list[str]
    has_logo: bool

    def to_dict(self) -> dict[str, Any]:
        technical_name = self.technical_name

        human_name = self.human_name

        description = self.description

        kind = self.kind

        categories = self.categories

        latest_version = self.latest_version

        versions = self.versions

        has_logo = self.has_logo

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "technical_name": technical_name,
                "human_name": human_name,
                "description": description,
                "kind": kind,
                "categories": categories,
                "latest_version": latest_version,
                "versions": versions,
                "has_logo": has_logo,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        technical_name = d.pop("technical_name")

        human_name = d.pop("human_name")

        description = d.pop("description")

        kind = d.pop("kind")

        categories = cast(list[str], d.pop("categories"))

        latest_version = d.pop("latest_version")

        versions = cast(list[str], d.pop("versions"))

        has_logo = d.pop("has_logo")

        action_summary_out = cls(
            technical_name=technical_name,
            human_name=human_name,
            description=description,
            kind=kind,
            categories=categories,
            latest_version=latest_version,
            versions=versions,
            has_logo=has_logo,
        )

        return action_summary_out
