from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="LockoutOut")


@_attrs_define
class LockoutOut:
    """
    Attributes:
        id (str): Give it to `DELETE /lockouts/{id}` to clear the lockout.
        username (None | str): The username tried (known or not); null: every username, the address's own lockout (one
            address failing for many usernames).
        address (str): The client's address (an IPv6 client's /64 network), as the connection or a trusted proxy tells
            it.
        failures (int): Failed logins in a row from this address.
        locked_until (datetime.datetime): End of the current lock; once past, the next failure locks again, for twice as
            long.
        last_failure_at (datetime.datetime | None):
        retry_after_seconds (int): Seconds until the next attempt (0: now).
    """

    id: str
    username: str | None
    address: str
    failures: int
    locked_until: datetime.datetime
    last_failure_at: datetime.datetime | None
    retry_after_seconds: int

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        username: str | None
        username = self.username

        address = self.address

        failures = self.failures

        locked_until = self.locked_until.isoformat()

        last_failure_at: str | None
        if isinstance(self.last_failure_at, datetime.datetime):
            last_failure_at = self.last_failure_at.isoformat()
        else:
            last_failure_at = self.last_failure_at

        retry_after_seconds = self.retry_after_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "username": username,
                "address": address,
                "failures": failures,
                "locked_until": locked_until,
                "last_failure_at": last_failure_at,
                "retry_after_seconds": retry_after_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_username(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        username = _parse_username(d.pop("username"))

        address = d.pop("address")

        failures = d.pop("failures")

        locked_until = datetime.datetime.fromisoformat(d.pop("locked_until"))

        def _parse_last_failure_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_failure_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_failure_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_failure_at = _parse_last_failure_at(d.pop("last_failure_at"))

        retry_after_seconds = d.pop("retry_after_seconds")

        lockout_out = cls(
            id=id,
            username=username,
            address=address,
            failures=failures,
            locked_until=locked_until,
            last_failure_at=last_failure_at,
            retry_after_seconds=retry_after_seconds,
        )

        return lockout_out
