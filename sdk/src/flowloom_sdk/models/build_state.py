from typing import Literal

BuildState = Literal["Cancelled", "Failed", "Pending", "Running", "Succeeded"]

BUILD_STATE_VALUES: set[BuildState] = {
    "Cancelled",
    "Failed",
    "Pending",
    "Running",
    "Succeeded",
}


def check_build_state(value: str) -> BuildState:
    if value in BUILD_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {BUILD_STATE_VALUES!r}")
