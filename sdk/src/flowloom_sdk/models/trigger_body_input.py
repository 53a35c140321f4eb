from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.trigger_body_input_kind import TriggerBodyInputKind, check_trigger_body_input_kind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.output_spec_body import OutputSpecBody
    from ..models.trigger_body_input_inputs import TriggerBodyInputInputs


T = TypeVar("T", bound="TriggerBodyInput")


@_attrs_define
class TriggerBodyInput:
    """``kind`` action (a Source action), manual, or cron.

    Attributes:
        kind (TriggerBodyInputKind):
        action (None | str | Unset): action: the Source's technical name.
        version (None | str | Unset): action: a version; null: the newest.
        inputs (TriggerBodyInputInputs | Unset): action: literals, variables, files.
        schedule (None | str | Unset): cron: five fields or @daily…
        timezone (str | Unset): cron: an IANA time zone. Default: 'UTC'.
        outputs (list[OutputSpecBody] | Unset): Declared outputs (manual, cron, a Source with dynamic outputs).
    """

    kind: TriggerBodyInputKind
    action: str | Unset | None = UNSET
    version: str | Unset | None = UNSET
    inputs: TriggerBodyInputInputs | Unset = UNSET
    schedule: str | Unset | None = UNSET
    timezone: str | Unset = "UTC"
    outputs: list[OutputSpecBody] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        action: str | Unset | None
        if isinstance(self.action, Unset):
            action = UNSET
        else:
            action = self.action

        version: str | Unset | None
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        schedule: str | Unset | None
        if isinstance(self.schedule, Unset):
            schedule = UNSET
        else:
            schedule = self.schedule

        timezone = self.timezone

        outputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.outputs, Unset):
            outputs = []
            for outputs_item_data in self.outputs:
                outputs_item = outputs_item_data.to_dict()
                outputs.append(outputs_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if action is not UNSET:
            field_dict["action"] = action
        if version is not UNSET:
            field_dict["version"] = version
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if schedule is not UNSET:
            field_dict["schedule"] = schedule
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if outputs is not UNSET:
            field_dict["outputs"] = outputs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.output_spec_body import OutputSpecBody
        from ..models.trigger_body_input_inputs import TriggerBodyInputInputs

        d = dict(src_dict)
        kind = check_trigger_body_input_kind(d.pop("kind"))

        def _parse_action(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        action = _parse_action(d.pop("action", UNSET))

        def _parse_version(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        _inputs = d.pop("inputs", UNSET)
        inputs: TriggerBodyInputInputs | Unset
        if isinstance(_inputs, Unset):
            inputs = UNSET
        else:
            inputs = TriggerBodyInputInputs.from_dict(_inputs)

        def _parse_schedule(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        schedule = _parse_schedule(d.pop("schedule", UNSET))

        timezone = d.pop("timezone", UNSET)

        _outputs = d.pop("outputs", UNSET)
        outputs: list[OutputSpecBody] | Unset = UNSET
        if _outputs is not UNSET:
            outputs = []
            for outputs_item_data in _outputs:
                outputs_item = OutputSpecBody.from_dict(outputs_item_data)

                outputs.append(outputs_item)

        trigger_body_input = cls(
            kind=kind,
            action=action,
            version=version,
            inputs=inputs,
            schedule=schedule,
            timezone=timezone,
            outputs=outputs,
        )

        return trigger_body_input
