"""A reproducible tar.gz of one action directory, and the logo it declares or ships."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
from pathlib import Path

from flowloom.repository.domain.action import ActionDefinition
from flowloom.repository.infrastructure.scanning.directory import DEFAULT_LOGOS

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def action_archive(action_dir: Path) -> bytes:
    """Same content → same bytes: sorted entries, no times, no owners."""
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for relative, path in _entries(action_dir):
            info = tar.gettarinfo(str(path), arcname=relative)
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            if info.isfile():
                with path.open("rb") as stream:
                    tar.addfile(info, stream)
            else:
                tar.addfile(info)
    return buffer.getvalue()


def _entries(action_dir: Path) -> list[tuple[str, Path]]:
    entries: list[tuple[str, Path]] = []
    for current, dirs, files in os.walk(action_dir):
        base = Path(current)
        dirs[:] = sorted(name for name in dirs if name != ".git")
        for name in [*dirs, *files]:
            if name != ".git":
                path = base / name
                entries.append((path.relative_to(action_dir).as_posix(), path))
    return sorted(entries)


def action_logo(action_dir: Path, definition: ActionDefinition) -> tuple[bytes, str] | None:
    """The logo bytes and media type (validation already checked it exists and fits)."""
    names = [definition.logo] if definition.logo else list(DEFAULT_LOGOS)
    for name in names:
        logo = action_dir / name
        media_type = MEDIA_TYPES.get(logo.suffix.lower())
        if media_type and logo.is_file():
            return logo.read_bytes(), media_type
    return None
