"""Who asks: the caller as the use cases see it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who asks: a user id and whether they are a platform administrator (token claims)."""

    user_id: str
    is_admin: bool = False
