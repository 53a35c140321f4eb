from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.retry_body import RetryBody
    from ..models.step_fields_inputs import StepFieldsInputs


T = TypeVar("T", bound="StepFields")


@_attrs_define
class StepFields:
    """
    Attributes:
        action (str): The action's technical name.
        version (None | str | Unset): A published version; null: the newest.
        inputs (StepFieldsInputs | Unset):
        when (str | Unset): A CEL condition; false: the step is Skipped. 422 when it exceeds a limit: 4096 bytes, 12
            levels of brackets, 128 operators, 2 nested comprehensions (all, exists, exists_one, filter, map). Default: ''.
        retry (None | RetryBody | Unset):
        timeout_seconds (float | None | Unset): null: the action's resources.time.
        needs (list[str] | Unset): Predecessors besides those the refs imply.
    """

    action: str
    version: str | Unset | None = UNSET
    inputs: StepFieldsInputs | Unset = UNSET
    when: str | Unset = ""
    retry: RetryBody | Unset | None = UNSET
    timeout_seconds: float | Unset | None = UNSET
    needs: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.retry_body import RetryBody

        action = self.action

        version: str | Unset | None
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        when = self.when

        retry: dict[str, Any] | Unset | None
        if isinstance(self.retry, Unset):
            retry = UNSET
        elif isinstance(self.retry, RetryBody):
            retry = self.retry.to_dict()
        else:
            retry = self.retry

        timeout_seconds: float | Unset | None
        if isinstance(self.timeout_seconds, Unset):
            timeout_seconds = UNSET
        else:
            timeout_seconds = self.timeout_seconds

        needs: list[str] | Unset = UNSET
        if not isinstance(self.needs, Unset):
            needs = self.needs

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if when is not UNSET:
            field_dict["when"] = when
        if retry is not UNSET:
            field_dict["retry"] = retry
        if timeout_seconds is not UNSET:
            field_dict["timeout_seconds"] = timeout_seconds
        if needs is not UNSET:
            field_dict["needs"] = needs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.retry_body import RetryBody
        from ..models.step_fields_inputs import StepFieldsInputs

        d = dict(src_dict)
        action = d.pop("action")

        def _parse_version(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        _inputs = d.pop("inputs", UNSET)
        inputs: StepFieldsInputs | Unset
        if isinstance(_inputs, Unset):
            inputs = UNSET
        else:
            inputs = StepFieldsInputs.from_dict(_inputs)

        when = d.pop("when", UNSET)

        def _parse_retry(data: object) -> RetryBody | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                retry_type_0 = RetryBody.from_dict(data)

                return retry_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RetryBody | Unset, data)

        retry = _parse_retry(d.pop("retry", UNSET))

        def _parse_timeout_seconds(data: object) -> float | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        timeout_seconds = _parse_timeout_seconds(d.pop("timeout_seconds", UNSET))

        needs = cast(list[str], d.pop("needs", UNSET))

        step_fields = cls(
            action=action,
            version=version,
            inputs=inputs,
            when=when,
            retry=retry,
            timeout_seconds=timeout_seconds,
            needs=needs,
        )

        return step_fields
