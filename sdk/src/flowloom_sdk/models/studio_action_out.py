from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.studio_action_out_addons import StudioActionOutAddons
    from ..models.studio_io_item_out import StudioIoItemOut
    from ..models.studio_resources_out import StudioResourcesOut


T = TypeVar("T", bound="StudioActionOut")


@_attrs_define
class StudioActionOut:
    """
    Attributes:
        technical_name (str):
        version (str):
        action_id (str): The repository's id of this action version.
        kind (str):
        type_ (str): python3, nodejs…
        human_name (str):
        description (str):
        categories (list[str]):
        inputs (list[StudioIoItemOut]):
        outputs (list[StudioIoItemOut]):
        dynamic_outputs (bool): A Source whose outputs the workflow declares.
        resources (StudioResourcesOut):
        addons (StudioActionOutAddons):
        has_logo (bool):
        source_name (str):
        source_sha (str):
        published_at (datetime.datetime | None):
    """

    technical_name: str
    version: str
    action_id: str
    kind: str
    type_: str
    human_name: str
    description: str
    categories: list[str]
    inputs: list[StudioIoItemOut]
    outputs: list[StudioIoItemOut]
    dynamic_outputs: bool
    resources: StudioResourcesOut
    addons: StudioActionOutAddons
    has_logo: bool
    source_name: str
    source_sha: str
    published_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        technical_name = self.technical_name

        version = self.version

        action_id = self.action_id

        kind = self.kind

        type_ = self.type_

        human_name = self.human_name

        description = self.description

        categories = self.categories

        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        outputs = []
        for outputs_item_data in self.outputs:
            outputs_item = outputs_item_data.to_dict()
            outputs.append(outputs_item)

        dynamic_outputs = self.dynamic_outputs

        resources = self.resources.to_dict()

        addons = self.addons.to_dict()

        has_logo = self.has_logo

        source_name = self.source_name

        source_sha = self.source_sha

        published_at: str | None
        if isinstance(self.published_at, datetime.datetime):
            published_at = self.published_at.isoformat()
        else:
            published_at = self.published_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "technical_name": technical_name,
                "version": version,
                "action_id": action_id,
                "kind": kind,
                "type": type_,
                "human_name": human_name,
                "description": description,
                "categories": categories,
                "inputs": inputs,
                "outputs": outputs,
                "dynamic_outputs": dynamic_outputs,
                "resources": resources,
                "addons": addons,
                "has_logo": has_logo,
                "source_name": source_name,
                "source_sha": source_sha,
                "published_at": published_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.studio_action_out_addons import StudioActionOutAddons
        from ..models.studio_io_item_out import StudioIoItemOut
        from ..models.studio_resources_out import StudioResourcesOut

        d = dict(src_dict)
        technical_name = d.pop("technical_name")

        version = d.pop("version")

        action_id = d.pop("action_id")

        kind = d.pop("kind")

        type_ = d.pop("type")

        human_name = d.pop("human_name")

        description = d.pop("description")

        categories = cast(list[str], d.pop("categories"))

        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = StudioIoItemOut.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        outputs = []
        _outputs = d.pop("outputs")
        for outputs_item_data in _outputs:
            outputs_item = StudioIoItemOut.from_dict(outputs_item_data)

            outputs.append(outputs_item)

        dynamic_outputs = d.pop("dynamic_outputs")

        resources = StudioResourcesOut.from_dict(d.pop("resources"))

        addons = StudioActionOutAddons.from_dict(d.pop("addons"))

        has_logo = d.pop("has_logo")

        source_name = d.pop("source_name")

        source_sha = d.pop("source_sha")

        def _parse_published_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_at_type_0 = datetime.datetime.fromisoformat(data)

                return published_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        published_at = _parse_published_at(d.pop("published_at"))

        studio_action_out = cls(
            technical_name=technical_name,
            version=version,
            action_id=action_id,
            kind=kind,
            type_=type_,
            human_name=human_name,
            description=description,
            categories=categories,
            inputs=inputs,
            outputs=outputs,
            dynamic_outputs=dynamic_outputs,
            resources=resources,
            addons=addons,
            has_logo=has_logo,
            source_name=source_name,
            source_sha=source_sha,
            published_at=published_at,
        )

        return studio_action_out
