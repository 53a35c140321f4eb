from typing import Literal

ScanState = Literal["Done", "Failed", "Running"]

SCAN_STATE_VALUES: set[ScanState] = {
    "Done",
    "Failed",
    "Running",
}


def check_scan_state(value: str) -> ScanState:
    if value in SCAN_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCAN_STATE_VALUES!r}")
