"""Opaque page cursors: the sort key of the last item, as URL-safe base64 JSON."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from flowloom.studio.domain.errors import ValidationFailed


def encode(*key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode(cursor: str, size: int) -> list[Any]:
    """The key in ``cursor``; ValidationFailed (422) for anything not made by ``encode``."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or len(key) != size:
        raise ValidationFailed("cursor", "not a cursor this list gave")
    return key
