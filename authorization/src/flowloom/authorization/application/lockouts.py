"""Login lockouts seen and cleared by platform admins."""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from flowloom.authorization.application.access import Actor, require_admin
from flowloom.authorization.application.views import LockoutView, Page, check_limit, page_of
from flowloom.authorization.domain.errors import NotFound, ValidationFailed
from flowloom.authorization.domain.ports import Clock, UnitOfWork

log = logging.getLogger(__name__)


@dataclass(eq=False)
class LockoutService:
    """The ongoing login lockouts (admins only): who, from where, how many failures, until
    when; clearing one forgets its failures, so the next attempt is judged afresh."""

    uow: Callable[[], UnitOfWork]
    clock: Clock

    async def list_lockouts(
        self, actor: Actor, limit: int, cursor: str | None
    ) -> Page[LockoutView]:
        """Ordered by username (the address-wide ones, of every username, first), then
        address."""
        check_limit(limit)
        after = decode_cursor(cursor) if cursor is not None else None
        now = self.clock.now()
        async with self.uow() as uow:
            await require_admin(uow, actor)
            rows = await uow.login_throttles.list_locked_out(now, limit + 1, after)
        views = [LockoutView.of(row, now) for row in rows]
        return page_of(views, limit, lambda view: encode_cursor(view.username, view.address))

    async def clear(self, actor: Actor, lockout_id: str) -> None:
        """Forget a lockout's failures; NotFound when there is no such ongoing lockout."""
        now = self.clock.now()
        async with self.uow() as uow:
            admin = await require_admin(uow, actor)
            throttle = await uow.login_throttles.get(lockout_id)
            if throttle is None or not throttle.is_locked_out(now):
                raise NotFound("no such lockout")
            await uow.login_throttles.delete(throttle)
            await uow.commit()
        log.info(
            "login lockout cleared: username=%r address=%s by=%s",
            throttle.username or None,
            throttle.address,
            admin.username,
        )


def encode_cursor(username: str | None, address: str) -> str:
    raw = json.dumps([username or "", address]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        username, address = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as error:
        raise ValidationFailed("cursor", "not a cursor of this list") from error
    if not isinstance(username, str) or not isinstance(address, str):
        raise ValidationFailed("cursor", "not a cursor of this list")
    return username, address
