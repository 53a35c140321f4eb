from typing import Literal

DependencyOutStatus = Literal["down", "ok"]

DEPENDENCY_OUT_STATUS_VALUES: set[DependencyOutStatus] = {
    "down",
    "ok",
}


def check_dependency_out_status(value: str) -> DependencyOutStatus:
    if value in DEPENDENCY_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DEPENDENCY_OUT_STATUS_VALUES!r}")
