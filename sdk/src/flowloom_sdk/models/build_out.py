from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.build_state import BuildState, check_build_state

T = TypeVar("T", bound="BuildOut")


@_attrs_define
class BuildOut:
    """
    Attributes:
        id (str):
        action_id (str):
        state (BuildState):
        content_digest (str):
        sha (str):
        source_archive (str):
        requested_at (datetime.datetime):
        started_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
        duration_seconds (float | None):
        error (None | str):
        cache_hit (bool):
        artefact (None | str):
        artefact_digest (None | str):
        has_log (bool):
    """

    id: str
    action_id: str
    state: BuildState
    content_digest: str
    sha: str
    source_archive: str
    requested_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    duration_seconds: float | None
    error: str | None
    cache_hit: bool
    artefact: str | None
    artefact_digest: str | None
    has_log: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        action_id = self.action_id

        state: str = self.state

        content_digest = self.content_digest

        sha = self.sha

        source_archive = self.source_archive

        requested_at = self.requested_at.isoformat()

        started_at: str | None
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: str | None
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        duration_seconds: float | None
        duration_seconds = self.duration_seconds

        error: str | None
        error = self.error

        cache_hit = self.cache_hit

        artefact: str | None
        artefact = self.artefact

        artefact_digest: str | None
        artefact_digest = self.artefact_digest

        has_log = self.has_log

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "action_id": action_id,
                "state": state,
                "content_digest": content_digest,
                "sha": sha,
                "source_archive": source_archive,
                "requested_at": requested_at,
                "started_at": started_at,
                "finished_at": finished_at,
                "duration_seconds": duration_seconds,
                "error": error,
                "cache_hit": cache_hit,
                "artefact": artefact,
                "artefact_digest": artefact_digest,
                "has_log": has_log,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        action_id = d.pop("action_id")

        state = check_build_state(d.pop("state"))

        content_digest = d.pop("content_digest")

        sha = d.pop("sha")

        source_archive = d.pop("source_archive")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        def _parse_duration_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds"))

        def _parse_error(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        cache_hit = d.pop("cache_hit")

        def _parse_artefact(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        artefact = _parse_artefact(d.pop("artefact"))

        def _parse_artefact_digest(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        artefact_digest = _parse_artefact_digest(d.pop("artefact_digest"))

        has_log = d.pop("has_log")

        build_out = cls(
            id=id,
            action_id=action_id,
            state=state,
            content_digest=content_digest,
            sha=sha,
            source_archive=source_archive,
            requested_at=requested_at,
            started_at=started_at,
            finished_at=finished_at,
            duration_seconds=duration_seconds,
            error=error,
            cache_hit=cache_hit,
            artefact=artefact,
            artefact_digest=artefact_digest,
            has_log=has_log,
        )

        build_out.additional_properties = d
        return build_out

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
