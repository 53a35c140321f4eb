from typing import Literal

RunState = Literal["Canceled", "Completed", "Error", "Running"]

RUN_STATE_VALUES: set[RunState] = {
    "Canceled",
    "Completed",
    "Error",
    "Running",
}


def check_run_state(value: str) -> RunState:
    if value in RUN_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RUN_STATE_VALUES!r}")
