from typing import Literal

ActionState = Literal[
    "Build Error", "Build Pending", "Building", "Built", "Cancelled", "Scan Error", "Scanned"
]

ACTION_STATE_VALUES: set[ActionState] = {
    "Build Error",
    "Build Pending",
    "Building",
    "Built",
    "Cancelled",
    "Scan Error",
    "Scanned",
}


def check_action_state(value: str) -> ActionState:
    if value in ACTION_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ACTION_STATE_VALUES!r}")
