from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.action_state import ActionState, check_action_state

if TYPE_CHECKING:
    from ..models.repository_action_out_addons import RepositoryActionOutAddons
    from ..models.repository_action_out_options import RepositoryActionOutOptions
    from ..models.repository_io_item_out import RepositoryIoItemOut
    from ..models.repository_resources_out import RepositoryResourcesOut
    from ..models.scan_error_out import ScanErrorOut


T = TypeVar("T", bound="RepositoryActionOut")


@_attrs_define
class RepositoryActionOut:
    """
    Attributes:
        id (str):
        source_id (str):
        path (str): Directory of the action in its repository.
        state (ActionState):
        technical_name (None | str):
        version (None | str):
        kind (None | str):
        type_ (None | str):
        human_name (None | str):
        description (None | str):
        categories (list[str]):
        dependencies (list[str]):
        has_logo (bool):
        inputs (list[RepositoryIoItemOut]):
        outputs (list[RepositoryIoItemOut]):
        dynamic_outputs (bool):
        resources (None | RepositoryResourcesOut):
        addons (RepositoryActionOutAddons):
        options (RepositoryActionOutOptions):
        content_digest (None | str):
        sha (str): The commit of the latest scan that saw this path.
        source_archive (None | str):
        artefact (None | str):
        present_in_latest_scan (bool):
        published (bool):
        current_build_id (None | str):
        errors (list[ScanErrorOut]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    source_id: str
    path: str
    state: ActionState
    technical_name: str | None
    version: str | None
    kind: str | None
    type_: str | None
    human_name: str | None
    description: str | None
    categories: list[str]
    dependencies: list[str]
    has_logo: bool
    inputs: list[RepositoryIoItemOut]
    outputs: list[RepositoryIoItemOut]
    dynamic_outputs: bool
    resources: RepositoryResourcesOut | None
    addons: RepositoryActionOutAddons
    options: RepositoryActionOutOptions
    content_digest: str | None
    sha: str
    source_archive: str | None
    artefact: str | None
    present_in_latest_scan: bool
    published: bool
    current_build_id: str | None
    errors: list[ScanErrorOut]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.repository_resources_out import RepositoryResourcesOut

        id = self.id

        source_id = self.source_id

        path = self.path

        state: str = self.state

        technical_name: str | None
        technical_name = self.technical_name

        version: str | None
        version = self.version

        kind: str | None
        kind = self.kind

        type_: str | None
        type_ = self.type_

        human_name: str | None
        human_name = self.human_name

        description: str | None
        description = self.description

        categories = self.categories

        dependencies = self.dependencies

        has_logo = self.has_logo

        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        outputs = []
        for outputs_item_data in self.outputs:
            outputs_item = outputs_item_data.to_dict()
            outputs.append(outputs_item)

        dynamic_outputs = self.dynamic_outputs

        resources: dict[str, Any] | None
        if isinstance(self.resources, RepositoryResourcesOut):
            resources = self.resources.to_dict()
        else:
            resources = self.resources

        addons = self.addons.to_dict()

        options = self.options.to_dict()

        content_digest: str | None
        content_digest = self.content_digest

        sha = self.sha

        source_archive: str | None
        source_archive = self.source_archive

        artefact: str | None
        artefact = self.artefact

        present_in_latest_scan = self.present_in_latest_scan

        published = self.published

        current_build_id: str | None
        current_build_id = self.current_build_id

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "source_id": source_id,
                "path": path,
                "state": state,
                "technical_name": technical_name,
                "version": version,
                "kind": kind,
                "type": type_,
                "human_name": human_name,
                "description": description,
                "categories": categories,
                "dependencies": dependencies,
                "has_logo": has_logo,
                "inputs": inputs,
                "outputs": outputs,
                "dynamic_outputs": dynamic_outputs,
                "resources": resources,
                "addons": addons,
                "options": options,
                "content_digest": content_digest,
                "sha": sha,
                "source_archive": source_archive,
                "artefact": artefact,
                "present_in_latest_scan": present_in_latest_scan,
                "published": published,
                "current_build_id": current_build_id,
                "errors": errors,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.repository_action_out_addons import RepositoryActionOutAddons
        from ..models.repository_action_out_options import RepositoryActionOutOptions
        from ..models.repository_io_item_out import RepositoryIoItemOut
        from ..models.repository_resources_out import RepositoryResourcesOut
        from ..models.scan_error_out import ScanErrorOut

        d = dict(src_dict)
        id = d.pop("id")

        source_id = d.pop("source_id")

        path = d.pop("path")

        state = check_action_state(d.pop("state"))

        def _parse_technical_name(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        technical_name = _parse_technical_name(d.pop("technical_name"))

        def _parse_version(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        version = _parse_version(d.pop("version"))

        def _parse_kind(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        kind = _parse_kind(d.pop("kind"))

        def _parse_type_(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        type_ = _parse_type_(d.pop("type"))

        def _parse_human_name(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        human_name = _parse_human_name(d.pop("human_name"))

        def _parse_description(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        categories = cast(list[str], d.pop("categories"))

        dependencies = cast(list[str], d.pop("dependencies"))

        has_logo = d.pop("has_logo")

        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = RepositoryIoItemOut.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        outputs = []
        _outputs = d.pop("outputs")
        for outputs_item_data in _outputs:
            outputs_item = RepositoryIoItemOut.from_dict(outputs_item_data)

            outputs.append(outputs_item)

        dynamic_outputs = d.pop("dynamic_outputs")

        def _parse_resources(data: object) -> RepositoryResourcesOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                resources_type_0 = RepositoryResourcesOut.from_dict(data)

                return resources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RepositoryResourcesOut, data)

        resources = _parse_resources(d.pop("resources"))

        addons = RepositoryActionOutAddons.from_dict(d.pop("addons"))

        options = RepositoryActionOutOptions.from_dict(d.pop("options"))

        def _parse_content_digest(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        content_digest = _parse_content_digest(d.pop("content_digest"))

        sha = d.pop("sha")

        def _parse_source_archive(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        source_archive = _parse_source_archive(d.pop("source_archive"))

        def _parse_artefact(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        artefact = _parse_artefact(d.pop("artefact"))

        present_in_latest_scan = d.pop("present_in_latest_scan")

        published = d.pop("published")

        def _parse_current_build_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        current_build_id = _parse_current_build_id(d.pop("current_build_id"))

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = ScanErrorOut.from_dict(errors_item_data)

            errors.append(errors_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        repository_action_out = cls(
            id=id,
            source_id=source_id,
            path=path,
            state=state,
            technical_name=technical_name,
            version=version,
            kind=kind,
            type_=type_,
            human_name=human_name,
            description=description,
            categories=categories,
            dependencies=dependencies,
            has_logo=has_logo,
            inputs=inputs,
            outputs=outputs,
            dynamic_outputs=dynamic_outputs,
            resources=resources,
            addons=addons,
            options=options,
            content_digest=content_digest,
            sha=sha,
            source_archive=source_archive,
            artefact=artefact,
            present_in_latest_scan=present_in_latest_scan,
            published=published,
            current_build_id=current_build_id,
            errors=errors,
            created_at=created_at,
            updated_at=updated_at,
        )

        repository_action_out.additional_properties = d
        return repository_action_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
