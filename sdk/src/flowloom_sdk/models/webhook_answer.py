from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_answer_results_type_0 import WebhookAnswerResultsType0


T = TypeVar("T", bound="WebhookAnswer")


@_attrs_define
class WebhookAnswer:
    """What a webhook answers (documentation: the endpoint writes the JSON itself).

    Attributes:
        run_id (str):
        state (None | str | Unset): With `sync`: the run's state.
        error (None | str | Unset): With `sync`: why the run failed.
        results (None | Unset | WebhookAnswerResultsType0): With `sync`, once Completed: the workflow's results.
    """

    run_id: str
    state: str | Unset | None = UNSET
    error: str | Unset | None = UNSET
    results: Unset | WebhookAnswerResultsType0 | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_answer_results_type_0 import WebhookAnswerResultsType0

        run_id = self.run_id

        state: str | Unset | None
        if isinstance(self.state, Unset):
            state = UNSET
        else:
            state = self.state

        error: str | Unset | None
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        results: dict[str, Any] | Unset | None
        if isinstance(self.results, Unset):
            results = UNSET
        elif isinstance(self.results, WebhookAnswerResultsType0):
            results = self.results.to_dict()
        else:
            results = self.results

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "run_id": run_id,
            }
        )
        if state is not UNSET:
            field_dict["state"] = state
        if error is not UNSET:
            field_dict["error"] = error
        if results is not UNSET:
            field_dict["results"] = results

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_answer_results_type_0 import WebhookAnswerResultsType0

        d = dict(src_dict)
        run_id = d.pop("run_id")

        def _parse_state(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        def _parse_error(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_results(data: object) -> Unset | WebhookAnswerResultsType0 | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                results_type_0 = WebhookAnswerResultsType0.from_dict(data)

                return results_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WebhookAnswerResultsType0, data)

        results = _parse_results(d.pop("results", UNSET))

        webhook_answer = cls(
            run_id=run_id,
            state=state,
            error=error,
            results=results,
        )

        return webhook_answer
