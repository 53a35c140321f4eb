"""The workflow definition as JSON bodies: the same shape in requests and answers."""

from __future__ import annotations

import base64
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    field_validator,
    model_serializer,
    model_validator,
)

from flowloom.servicekit.conditions import LIMITS, limit_problem
from flowloom.studio.domain import bindings
from flowloom.studio.domain.bindings import (
    Binding,
    LiteralBinding,
    Ref,
    named_binding,
    source_and_name,
)
from flowloom.studio.domain.errors import ValidationFailed
from flowloom.studio.domain.io import IoType, OutputSpec
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger, ManualTrigger, Trigger
from flowloom.studio.domain.workflow import Retry, Step

Scalar = StrictBool | StrictInt | StrictFloat | StrictStr | None
SOURCES = ("literal", *bindings.SOURCES)
INT64 = (-(2**63), 2**63 - 1)


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BindingBody(Schema):
    """Exactly one of the fields: where the input takes its value from."""

    literal: Scalar = Field(None, description="A fixed value, typed as JSON (30 is an integer).")
    ref: str | None = Field(None, description='An upstream output: "step.output" or '
                            '"trigger.output".')  # fmt: skip
    variable: str | None = Field(None, description="A project variable, by name.")
    secret: str | None = Field(None, description="A project secret, by name (password inputs).")
    file: str | None = Field(None, description="A static file: the key its upload answered.")

    @field_validator("ref")
    @classmethod
    def _reference(cls, value: str | None) -> str | None:
        return check_reference(value)

    @model_serializer(mode="wrap")
    def _only_the_source(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {name: value for name, value in data.items() if name in self.model_fields_set}

    @model_validator(mode="after")
    def _one_source(self) -> BindingBody:
        given = [name for name in SOURCES if name in self.model_fields_set]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(SOURCES)}")
        if given[0] != "literal" and not getattr(self, given[0]):
            raise ValueError(f"`{given[0]}` needs a name")
        value = self.literal
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and not INT64[0] <= value <= INT64[1]
        ):
            raise ValueError("an integer literal must fit in 64 bits")
        return self

    def to_domain(self) -> Binding:
        if "literal" in self.model_fields_set:
            return LiteralBinding(self.literal)
        [source] = self.model_fields_set  # exactly one, with a name (checked above)
        return named_binding(source, getattr(self, source))

    @classmethod
    def of(cls, binding: Binding) -> BindingBody:
        if isinstance(binding, LiteralBinding):
            value = binding.value
            if isinstance(value, bytes):
                return cls(literal=base64.b64encode(value).decode())  # bytes: shown as base64
            return cls(literal=value)
        source, name = source_and_name(binding)
        return cls(**{source: name})


def check_reference(value: str | None) -> str | None:
    """``node.output``, refused as a field error (ValueError) otherwise."""
    if value is not None:
        try:
            Ref.parse(value)
        except ValidationFailed as error:
            raise ValueError(error.message) from None
    return value


def _bindings(inputs: dict[str, BindingBody]) -> dict[str, Binding]:
    return {name: body.to_domain() for name, body in inputs.items()}


class OutputSpecBody(Schema):
    name: str
    type: str = Field(description="An IO type: string, integer, float, file…")
    optional: StrictBool = False
    enum_values: list[str] = []

    def to_domain(self) -> OutputSpec:
        return OutputSpec(
            self.name, IoType.parse(self.type), self.optional, tuple(self.enum_values)
        )

    @classmethod
    def of(cls, spec: OutputSpec) -> OutputSpecBody:
        return cls(
            name=spec.name, type=spec.type.value, optional=spec.optional,
            enum_values=list(spec.enum_values),
        )  # fmt: skip


class TriggerBody(Schema):
    """``kind`` action (a Source action), manual, or cron."""

    kind: Literal["action", "manual", "cron"]
    action: str | None = Field(None, description="action: the Source's technical name.")
    version: str | None = Field(None, description="action: a version; null: the newest.")
    inputs: dict[str, BindingBody] = Field({}, description="action: literals, variables, files.")
    schedule: str | None = Field(None, description="cron: five fields or @daily…")
    timezone: str = Field("UTC", description="cron: an IANA time zone.")
    outputs: list[OutputSpecBody] = Field(
        [], description="Declared outputs (manual, cron, a Source with dynamic outputs)."
    )

    @model_validator(mode="after")
    def _fields_of_kind(self) -> TriggerBody:
        if self.kind == "action" and not self.action:
            raise ValueError("an action trigger needs `action`")
        if self.kind == "cron" and not self.schedule:
            raise ValueError("a cron trigger needs `schedule`")
        if self.kind != "action" and (self.inputs or self.action or self.version):
            raise ValueError(f"a {self.kind} trigger has no action, version or inputs")
        return self

    def to_domain(self) -> Trigger:
        outputs = tuple(output.to_domain() for output in self.outputs)
        if self.kind == "manual":
            return ManualTrigger(outputs)
        if self.kind == "cron":
            return CronTrigger(self.schedule or "", self.timezone, outputs)
        return ActionTrigger(self.action or "", self.version, _bindings(self.inputs), outputs)

    @classmethod
    def of(cls, trigger: Trigger) -> TriggerBody:
        outputs = [OutputSpecBody.of(spec) for spec in trigger.outputs]
        match trigger:
            case ActionTrigger():
                inputs = {n: BindingBody.of(b) for n, b in trigger.inputs.items()}
                return cls(
                    kind="action", action=trigger.action, version=trigger.version,
                    inputs=inputs, outputs=outputs,
                )  # fmt: skip
            case ManualTrigger():
                return cls(kind="manual", outputs=outputs)
            case CronTrigger():
                return cls(
                    kind="cron", schedule=trigger.schedule, timezone=trigger.timezone,
                    outputs=outputs,
                )  # fmt: skip


class RetryBody(Schema):
    attempts: StrictInt = Field(1, description="Attempts in total (>= 1).")
    backoff_seconds: StrictFloat = Field(0.0, description="Before the 2nd attempt, doubling after.")


class StepFields(Schema):
    action: str = Field(min_length=1, description="The action's technical name.")
    version: str | None = Field(None, description="A published version; null: the newest.")
    inputs: dict[str, BindingBody] = {}
    when: str = Field(
        "",
        description="A CEL condition; false: the step is Skipped. 422 when it exceeds a limit: "
        f"{LIMITS.max_bytes} bytes, {LIMITS.max_depth} levels of brackets, "
        f"{LIMITS.max_operators} operators, {LIMITS.max_comprehension_depth} nested "
        "comprehensions (all, exists, exists_one, filter, map).",
    )
    retry: RetryBody | None = None
    timeout_seconds: StrictFloat | None = Field(
        None, description="null: the action's resources.time."
    )
    needs: list[str] = Field([], description="Predecessors besides those the refs imply.")

    def to_step(self, step_id: str) -> Step:
        """The step; ValidationFailed (422) when ``when`` exceeds a limit, before any parsing
        (a check on input only: a step stored before the limits still shows, with a problem)."""
        problem = limit_problem(self.when)
        if problem is not None:
            raise ValidationFailed("when", problem)
        retry = self.retry
        return Step(
            id=step_id,
            action=self.action,
            version=self.version,
            inputs=_bindings(self.inputs),
            when=self.when.strip(),
            retry=Retry(retry.attempts, retry.backoff_seconds) if retry else None,
            timeout_seconds=self.timeout_seconds,
            needs=tuple(dict.fromkeys(self.needs)),
        )


class StepBody(StepFields):
    id: str = Field(min_length=1, description="Unique in the workflow; refs use it.")

    def to_domain(self) -> Step:
        return self.to_step(self.id)

    @classmethod
    def of(cls, step: Step) -> StepBody:
        retry = step.retry
        return cls(
            id=step.id, action=step.action, version=step.version,
            inputs={n: BindingBody.of(b) for n, b in step.inputs.items()}, when=step.when,
            retry=RetryBody(attempts=retry.attempts, backoff_seconds=retry.backoff_seconds)
            if retry else None,
            timeout_seconds=step.timeout_seconds, needs=list(step.needs),
        )  # fmt: skip
