from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.dropped_out import DroppedOut
    from ..models.workflow_out import WorkflowOut


T = TypeVar("T", bound="VersionChanged")


@_attrs_define
class VersionChanged:
    """
    Attributes:
        workflow (WorkflowOut):
        dropped (list[DroppedOut]): Bindings removed: they no longer fit.
    """

    workflow: WorkflowOut
    dropped: list[DroppedOut]

    def to_dict(self) -> dict[str, Any]:
        workflow = self.workflow.to_dict()

        dropped = []
        for dropped_item_data in self.dropped:
            dropped_item = dropped_item_data.to_dict()
            dropped.append(dropped_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "workflow": workflow,
                "dropped": dropped,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dropped_out import DroppedOut
        from ..models.workflow_out import WorkflowOut

        d = dict(src_dict)
        workflow = WorkflowOut.from_dict(d.pop("workflow"))

        dropped = []
        _dropped = d.pop("dropped")
        for dropped_item_data in _dropped:
            dropped_item = DroppedOut.from_dict(dropped_item_data)

            dropped.append(dropped_item)

        version_changed = cls(
            workflow=workflow,
            dropped=dropped,
        )

        return version_changed
