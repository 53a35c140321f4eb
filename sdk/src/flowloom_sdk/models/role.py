from typing import Literal

Role = Literal["developer", "operator", "owner", "viewer"]

ROLE_VALUES: set[Role] = {
    "developer",
    "operator",
    "owner",
    "viewer",
}


def check_role(value: str) -> Role:
    if value in ROLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ROLE_VALUES!r}")
