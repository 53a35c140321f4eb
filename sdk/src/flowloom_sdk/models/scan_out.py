from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scan_state import ScanState, check_scan_state

if TYPE_CHECKING:
    from ..models.scan_error_out import ScanErrorOut


T = TypeVar("T", bound="ScanOut")


@_attrs_define
class ScanOut:
    """
    Attributes:
        id (str):
        source_id (str):
        ref (str):
        state (ScanState):
        sha (None | str):
        error (None | str): Why the whole scan failed (state Failed).
        errors (list[ScanErrorOut]): Errors of the actions it rejected.
        started_at (datetime.datetime):
        finished_at (datetime.datetime | None):
    """

    id: str
    source_id: str
    ref: str
    state: ScanState
    sha: str | None
    error: str | None
    errors: list[ScanErrorOut]
    started_at: datetime.datetime
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        source_id = self.source_id

        ref = self.ref

        state: str = self.state

        sha: str | None
        sha = self.sha

        error: str | None
        error = self.error

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        started_at = self.started_at.isoformat()

        finished_at: str | None
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "source_id": source_id,
                "ref": ref,
                "state": state,
                "sha": sha,
                "error": error,
                "errors": errors,
                "started_at": started_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scan_error_out import ScanErrorOut

        d = dict(src_dict)
        id = d.pop("id")

        source_id = d.pop("source_id")

        ref = d.pop("ref")

        state = check_scan_state(d.pop("state"))

        def _parse_sha(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        sha = _parse_sha(d.pop("sha"))

        def _parse_error(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = ScanErrorOut.from_dict(errors_item_data)

            errors.append(errors_item)

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

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

        scan_out = cls(
            id=id,
            source_id=source_id,
            ref=ref,
            state=state,
            sha=sha,
            error=error,
            errors=errors,
            started_at=started_at,
            finished_at=finished_at,
        )

        scan_out.additional_properties = d
        return scan_out

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
