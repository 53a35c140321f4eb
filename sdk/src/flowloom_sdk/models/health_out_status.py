from typing import Literal

HealthOutStatus = Literal["degraded", "ok"]

HEALTH_OUT_STATUS_VALUES: set[HealthOutStatus] = {
    "degraded",
    "ok",
}


def check_health_out_status(value: str) -> HealthOutStatus:
    if value in HEALTH_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {HEALTH_OUT_STATUS_VALUES!r}")
