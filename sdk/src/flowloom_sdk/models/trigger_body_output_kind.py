from typing import Literal

TriggerBodyOutputKind = Literal["action", "cron", "manual"]

TRIGGER_BODY_OUTPUT_KIND_VALUES: set[TriggerBodyOutputKind] = {
    "action",
    "cron",
    "manual",
}


def check_trigger_body_output_kind(value: str) -> TriggerBodyOutputKind:
    if value in TRIGGER_BODY_OUTPUT_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TRIGGER_BODY_OUTPUT_KIND_VALUES!r}"
    )
