from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RetryBody")


@_attrs_define
class RetryBody:
    """
    Attributes:
        attempts (int | Unset): Attempts in total (>= 1). Default: 1.
        backoff_seconds (float | Unset): Before the 2nd attempt, doubling after. Default: 0.0.
    """

    attempts: int | Unset = 1
    backoff_seconds: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        backoff_seconds = self.backoff_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if attempts is not UNSET:
            field_dict["attempts"] = attempts
        if backoff_seconds is not UNSET:
            field_dict["backoff_seconds"] = backoff_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts", UNSET)

        backoff_seconds = d.pop("backoff_seconds", UNSET)

        retry_body = cls(
            attempts=attempts,
            backoff_seconds=backoff_seconds,
        )

        return retry_body
