"""Static file paths: relative to the workflow file, never leaving its folder."""

from __future__ import annotations

import posixpath
import re

_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_path(path: str) -> tuple[str | None, str | None]:
    """``(normalised path, None)`` for a safe relative path, ``(None, why)`` otherwise.

    Refused: empty, absolute (``/x``, ``C:x``), backslashes, and any ``..`` part. ``./a//b``
    is normalised to ``a/b``.
    """
    if not path.strip():
        return None, "a file path must not be empty"
    if path.startswith("/") or _DRIVE.match(path) or "\\" in path:
        return None, f"'{path}' must be a relative path with '/' separators"
    if ".." in path.split("/"):
        return None, f"'{path}' leaves the workflow's folder ('..' is not allowed)"
    normal = posixpath.normpath(path)
    if normal in (".", ""):
        return None, f"'{path}' does not name a file"
    return normal, None
