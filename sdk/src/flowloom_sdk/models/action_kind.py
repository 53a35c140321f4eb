from typing import Literal

ActionKind = Literal["Processor", "Publisher", "Source"]

ACTION_KIND_VALUES: set[ActionKind] = {
    "Processor",
    "Publisher",
    "Source",
}


def check_action_kind(value: str) -> ActionKind:
    if value in ACTION_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ACTION_KIND_VALUES!r}")
