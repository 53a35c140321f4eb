from typing import Literal

TriggerBodyInputKind = Literal["action", "cron", "manual"]

TRIGGER_BODY_INPUT_KIND_VALUES: set[TriggerBodyInputKind] = {
    "action",
    "cron",
    "manual",
}


def check_trigger_body_input_kind(value: str) -> TriggerBodyInputKind:
    if value in TRIGGER_BODY_INPUT_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TRIGGER_BODY_INPUT_KIND_VALUES!r}"
    )
