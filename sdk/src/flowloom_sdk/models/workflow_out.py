from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem_out import ProblemOut
    from ..models.step_body_output import StepBodyOutput
    from ..models.studio_deployment_out import StudioDeploymentOut
    from ..models.trigger_body_output import TriggerBodyOutput
    from ..models.workflow_out_results import WorkflowOutResults


T = TypeVar("T", bound="WorkflowOut")


@_attrs_define
class WorkflowOut:
    """
    Attributes:
        id (str):
        name (str):
        description (str):
        deployment (None | StudioDeploymentOut): null: never deployed.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        trigger (None | TriggerBodyOutput):
        steps (list[StepBodyOutput]):
        results (WorkflowOutResults): Result name → "node.output".
        problems (list[ProblemOut]): Empty: the workflow can be deployed.
        next_fire_times (list[datetime.datetime] | Unset): A cron trigger's next five fire times (in its time zone) by
            the schedule of this draft, as the runner fires it; empty for another trigger or an invalid schedule.
    """

    id: str
    name: str
    description: str
    deployment: StudioDeploymentOut | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    trigger: TriggerBodyOutput | None
    steps: list[StepBodyOutput]
    results: WorkflowOutResults
    problems: list[ProblemOut]
    next_fire_times: list[datetime.datetime] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.studio_deployment_out import StudioDeploymentOut
        from ..models.trigger_body_output import TriggerBodyOutput

        id = self.id

        name = self.name

        description = self.description

        deployment: dict[str, Any] | None
        if isinstance(self.deployment, StudioDeploymentOut):
            deployment = self.deployment.to_dict()
        else:
            deployment = self.deployment

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        trigger: dict[str, Any] | None
        if isinstance(self.trigger, TriggerBodyOutput):
            trigger = self.trigger.to_dict()
        else:
            trigger = self.trigger

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        results = self.results.to_dict()

        problems = []
        for problems_item_data in self.problems:
            problems_item = problems_item_data.to_dict()
            problems.append(problems_item)

        next_fire_times: list[str] | Unset = UNSET
        if not isinstance(self.next_fire_times, Unset):
            next_fire_times = []
            for next_fire_times_item_data in self.next_fire_times:
                next_fire_times_item = next_fire_times_item_data.isoformat()
                next_fire_times.append(next_fire_times_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "deployment": deployment,
                "created_at": created_at,
                "updated_at": updated_at,
                "trigger": trigger,
                "steps": steps,
                "results": results,
                "problems": problems,
            }
        )
        if next_fire_times is not UNSET:
            field_dict["next_fire_times"] = next_fire_times

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem_out import ProblemOut
        from ..models.step_body_output import StepBodyOutput
        from ..models.studio_deployment_out import StudioDeploymentOut
        from ..models.trigger_body_output import TriggerBodyOutput
        from ..models.workflow_out_results import WorkflowOutResults

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description")

        def _parse_deployment(data: object) -> StudioDeploymentOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                deployment_type_0 = StudioDeploymentOut.from_dict(data)

                return deployment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StudioDeploymentOut, data)

        deployment = _parse_deployment(d.pop("deployment"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_trigger(data: object) -> TriggerBodyOutput | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trigger_type_0 = TriggerBodyOutput.from_dict(data)

                return trigger_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TriggerBodyOutput, data)

        trigger = _parse_trigger(d.pop("trigger"))

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = StepBodyOutput.from_dict(steps_item_data)

            steps.append(steps_item)

        results = WorkflowOutResults.from_dict(d.pop("results"))

        problems = []
        _problems = d.pop("problems")
        for problems_item_data in _problems:
            problems_item = ProblemOut.from_dict(problems_item_data)

            problems.append(problems_item)

        _next_fire_times = d.pop("next_fire_times", UNSET)
        next_fire_times: list[datetime.datetime] | Unset = UNSET
        if _next_fire_times is not UNSET:
            next_fire_times = []
            for next_fire_times_item_data in _next_fire_times:
                next_fire_times_item = datetime.datetime.fromisoformat(next_fire_times_item_data)

                next_fire_times.append(next_fire_times_item)

        workflow_out = cls(
            id=id,
            name=name,
            description=description,
            deployment=deployment,
            created_at=created_at,
            updated_at=updated_at,
            trigger=trigger,
            steps=steps,
            results=results,
            problems=problems,
            next_fire_times=next_fire_times,
        )

        return workflow_out
