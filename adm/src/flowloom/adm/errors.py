"""The one error type of the admin commands: a clear message shown as one line."""

from __future__ import annotations


class AdmError(Exception):
    """An expected failure (refusal, unreachable part, bad archive): no traceback is shown."""
