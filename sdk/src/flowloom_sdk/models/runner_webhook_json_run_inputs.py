from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.runner_webhook_json_run_inputs_inputs import RunnerWebhookJsonRunInputsInputs


T = TypeVar("T", bound="RunnerWebhookJsonRunInputs")


@_attrs_define
class RunnerWebhookJsonRunInputs:
    """
    Attributes:
        inputs (RunnerWebhookJsonRunInputsInputs | Unset): The trigger's outputs by name, typed JSON values.
    """

    inputs: RunnerWebhookJsonRunInputsInputs | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if inputs is not UNSET:
            field_dict["inputs"] = inputs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.runner_webhook_json_run_inputs_inputs import RunnerWebhookJsonRunInputsInputs

        d = dict(src_dict)
        _inputs = d.pop("inputs", UNSET)
        inputs: RunnerWebhookJsonRunInputsInputs | Unset
        if isinstance(_inputs, Unset):
            inputs = UNSET
        else:
            inputs = RunnerWebhookJsonRunInputsInputs.from_dict(_inputs)

        runner_webhook_json_run_inputs = cls(
            inputs=inputs,
        )

        runner_webhook_json_run_inputs.additional_properties = d
        return runner_webhook_json_run_inputs

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
