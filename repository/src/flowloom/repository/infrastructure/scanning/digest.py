"""Content digest of an action directory, independent of the commit it was read at."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_CHUNK = 1 << 16


def action_digest(action_dir: Path) -> str:
    """SHA-256 over the sorted relative paths and bytes (or symlink targets) of every file."""
    entries: list[tuple[str, Path]] = []
    for current, dirs, files in os.walk(action_dir):
        base = Path(current)
        dirs[:] = [name for name in dirs if name != ".git"]
        linked_dirs = [name for name in dirs if (base / name).is_symlink()]
        for name in [*files, *linked_dirs]:
            if name != ".git":  # a worktree's .git file names a temporary path
                path = base / name
                entries.append((path.relative_to(action_dir).as_posix(), path))
    digest = hashlib.sha256()
    for relative, path in sorted(entries):
        digest.update(b"P" + relative.encode() + b"\0")
        if path.is_symlink():
            digest.update(b"L" + os.readlink(path).encode() + b"\0")
            continue
        digest.update(b"F" + str(path.stat().st_size).encode() + b"\0")
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()
