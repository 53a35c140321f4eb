from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RepositoryResourcesOut")


@_attrs_define
class RepositoryResourcesOut:
    """
    Attributes:
        cpu (float | None):
        memory_bytes (int | None):
        time_seconds (float | None):
        gpu (float | None):
    """

    cpu: float | None
    memory_bytes: int | None
    time_seconds: float | None
    gpu: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cpu: float | None
        cpu = self.cpu

        memory_bytes: int | None
        memory_bytes = self.memory_bytes

        time_seconds: float | None
        time_seconds = self.time_seconds

        gpu: float | None
        gpu = self.gpu

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cpu": cpu,
                "memory_bytes": memory_bytes,
                "time_seconds": time_seconds,
                "gpu": gpu,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_cpu(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cpu = _parse_cpu(d.pop("cpu"))

        def _parse_memory_bytes(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        memory_bytes = _parse_memory_bytes(d.pop("memory_bytes"))

        def _parse_time_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        time_seconds = _parse_time_seconds(d.pop("time_seconds"))

        def _parse_gpu(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        gpu = _parse_gpu(d.pop("gpu"))

        repository_resources_out = cls(
            cpu=cpu,
            memory_bytes=memory_bytes,
            time_seconds=time_seconds,
            gpu=gpu,
        )

        repository_resources_out.additional_properties = d
        return repository_resources_out

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
