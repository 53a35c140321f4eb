from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="StudioResourcesOut")


@_attrs_define
class StudioResourcesOut:
    """
    Attributes:
        cpu (float):
        memory_bytes (int):
        time_seconds (float):
        gpu (float):
    """

    cpu: float
    memory_bytes: int
    time_seconds: float
    gpu: float

    def to_dict(self) -> dict[str, Any]:
        cpu = self.cpu

        memory_bytes = self.memory_bytes

        time_seconds = self.time_seconds

        gpu = self.gpu

        field_dict: dict[str, Any] = {}

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
        cpu = d.pop("cpu")

        memory_bytes = d.pop("memory_bytes")

        time_seconds = d.pop("time_seconds")

        gpu = d.pop("gpu")

        studio_resources_out = cls(
            cpu=cpu,
            memory_bytes=memory_bytes,
            time_seconds=time_seconds,
            gpu=gpu,
        )

        return studio_resources_out
