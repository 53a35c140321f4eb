from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.results_body_results import ResultsBodyResults


T = TypeVar("T", bound="ResultsBody")


@_attrs_define
class ResultsBody:
    """
    Attributes:
        results (ResultsBodyResults): Result name → "node.output".
    """

    results: ResultsBodyResults

    def to_dict(self) -> dict[str, Any]:
        results = self.results.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.results_body_results import ResultsBodyResults

        d = dict(src_dict)
        results = ResultsBodyResults.from_dict(d.pop("results"))

        results_body = cls(
            results=results,
        )

        return results_body
