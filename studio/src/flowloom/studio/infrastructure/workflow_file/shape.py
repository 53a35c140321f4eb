"""The shape of ``workflow.yaml``, defined once: the reader validates with it, the JSON Schema is
generated from it (``schema.py``).

TypedDicts, not models: a field may be left out, but where it is written it must hold its type
(``version: null`` is refused, as ``version: 1.3`` is). Validation is strict (``1.3`` is not
text). What depends on the project (known actions, input types, upstream steps, the step id's
pattern, retry and timeout ranges) is not refused on reading: the workflow's problems report it
(``domain/step_rules.py``); the schema still states those ranges for editors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired, final, get_args

from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
    with_config,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from flowloom.servicekit.conditions import limit_problem
from flowloom.studio.domain.bindings import SOURCES
from flowloom.studio.domain.errors import ValidationFailed
from flowloom.studio.domain.io import IoType
from flowloom.studio.domain.step_rules import STEP_ID
from flowloom.studio.infrastructure.workflow_file.paths import safe_path

ApiVersion = Literal["flowloom.dev/v1"]
Kind = Literal["Workflow"]
API_VERSION: str = get_args(ApiVersion)[0]
KIND: str = get_args(Kind)[0]
REF_PATTERN = r"^[^.]+\..+$"
BINDING_FORMS = (
    "a literal value or one of {ref: step.output}, {secret: name}, {variable: name}, {file: path}"
)
_FIELDS = ConfigDict(extra="forbid")


def _problem(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, "{message}", {"message": message})


def _io_type(text: str) -> IoType:
    try:
        return IoType.parse(text)
    except ValidationFailed as error:
        raise _problem("io_type", error.message) from None


def _file_path(text: str) -> str:
    normal, why = safe_path(text)
    if normal is None:
        raise _problem("file_path", why or "invalid path")
    return normal


def _condition(text: str) -> str:
    problem = limit_problem(text)
    if problem is not None:
        raise _problem("condition", problem)
    return text


Name = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
RefText = Annotated[
    str, Field(pattern=REF_PATTERN, description='"node.output": node is "trigger" or a step id')
]
TypeName = Annotated[
    str,
    AfterValidator(_io_type),
    Field(json_schema_extra={"enum": [t.value for t in IoType] + ["table"]}),
]
# The forms of a union are @final: a form holds no other key (mypy narrows on ``"key" in form``).
# A YAML value a workflow can hold; bytes (``!!binary``) are outside JSON and not described.
LiteralValue = str | int | float | bool | SkipJsonSchema[bytes] | None
_SCALARS = (str, int, float, bool, bytes, type(None))


@with_config(_FIELDS)
class Output(TypedDict):
    name: Name
    type: TypeName
    optional: NotRequired[bool]
    enum_values: NotRequired[list[Name]]


@final
@with_config(_FIELDS)
class RefForm(TypedDict):
    ref: RefText


@final
@with_config(_FIELDS)
class SecretForm(TypedDict):
    """a project secret (password inputs only)"""

    secret: Name


@final
@with_config(_FIELDS)
class VariableForm(TypedDict):
    """a project variable"""

    variable: Name


@final
@with_config(_FIELDS)
class FileForm(TypedDict):
    """a static file, relative to workflow.yaml"""

    file: Annotated[str, StringConstraints(min_length=1), AfterValidator(_file_path)]


def _binding_form(value: Any) -> str | None:
    if isinstance(value, dict):
        kind = next(iter(value), None) if len(value) == 1 else None
        return kind if kind in SOURCES else None
    return "literal" if isinstance(value, _SCALARS) else None


Binding = Annotated[
    Annotated[LiteralValue, Tag("literal")]
    | Annotated[RefForm, Tag("ref")]
    | Annotated[SecretForm, Tag("secret")]
    | Annotated[VariableForm, Tag("variable")]
    | Annotated[FileForm, Tag("file")],
    Discriminator(_binding_form, custom_error_type="binding", custom_error_message=BINDING_FORMS),
]
Inputs = dict[str, Binding]
ResultRef = Annotated[
    Annotated[RefText, Tag("text")] | Annotated[RefForm, Tag("mapping")],
    Discriminator(lambda value: "mapping" if isinstance(value, dict) else "text"),
]


@final
@with_config(_FIELDS)
class ActionTrigger(TypedDict):
    """a Source action"""

    action: Name
    version: NotRequired[Name]
    inputs: NotRequired[Inputs]
    outputs: NotRequired[list[Output]]


@with_config(_FIELDS)
class ManualSettings(TypedDict):
    outputs: NotRequired[list[Output]]


@final
@with_config(_FIELDS)
class ManualTrigger(TypedDict):
    """runs started by hand, a form or the webhook"""

    manual: ManualSettings | None


@with_config(_FIELDS)
class CronSettings(TypedDict):
    schedule: Name
    timezone: NotRequired[Name]
    outputs: NotRequired[list[Output]]


@final
@with_config(_FIELDS)
class CronTrigger(TypedDict):
    """a five-field cron schedule; output `time` always provided"""

    cron: CronSettings


def _trigger_form(value: Any) -> str | None:
    """The form a trigger is written in; anything but a mapping is read as (and refused by) the
    action form."""
    if not isinstance(value, dict):
        return "action"
    forms = [form for form in ("action", "manual", "cron") if form in value]
    return forms[0] if len(forms) == 1 else None


Trigger = Annotated[
    Annotated[ActionTrigger, Tag("action")]
    | Annotated[ManualTrigger, Tag("manual")]
    | Annotated[CronTrigger, Tag("cron")],
    Discriminator(
        _trigger_form,
        custom_error_type="trigger",
        custom_error_message="must have exactly one of action, manual or cron",
    ),
]


@with_config(_FIELDS)
class Retry(TypedDict):
    attempts: NotRequired[Annotated[int, Field(json_schema_extra={"minimum": 1})]]
    backoff_seconds: NotRequired[Annotated[float, Field(json_schema_extra={"minimum": 0})]]


@with_config(_FIELDS)
class Step(TypedDict):
    # Only a blank id is refused on reading; the pattern is a problem of the workflow.
    id: Annotated[Name, Field(json_schema_extra={"pattern": STEP_ID.pattern})]
    action: Name
    version: NotRequired[Name]
    needs: NotRequired[list[Name]]
    when: NotRequired[
        Annotated[str, AfterValidator(_condition), Field(description="a CEL condition")]
    ]
    retry: NotRequired[Retry]
    timeout: NotRequired[Annotated[float, Field(json_schema_extra={"exclusiveMinimum": 0})]]
    inputs: NotRequired[Inputs]


@with_config(ConfigDict(extra="forbid", title="Flowloom workflow file (workflow.yaml)"))
class WorkflowFile(TypedDict):
    apiVersion: ApiVersion
    kind: Kind
    name: Name
    description: NotRequired[str | None]
    trigger: NotRequired[Trigger]
    steps: NotRequired[list[Step]]
    results: NotRequired[dict[str, ResultRef]]


WORKFLOW_FILE: TypeAdapter[WorkflowFile] = TypeAdapter(WorkflowFile)
