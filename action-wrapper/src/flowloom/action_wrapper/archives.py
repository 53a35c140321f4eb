"""Directory inputs: zip archives extracted within limits on what they really hold.

Nothing the archive declares is trusted: its entries are counted in the central directory
itself (before the zip module parses it), and the bytes of its members are counted as they are
written, so a small archive that expands to gigabytes (or declares small sizes) stops at the
limit. Absolute paths, `..` and symbolic links are refused, not repaired.
"""

from __future__ import annotations

import shutil
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

CHUNK = 1024 * 1024
MAX_BYTES = 1024**3  # the defaults: a directory input expands to at most 1 GiB
MAX_FILES = 10_000
_END = b"PK\x05\x06"  # end of central directory record (22 bytes + a comment)
_END64_LOCATOR = b"PK\x06\x07"  # zip64: 20 bytes right before the end record
_END64_SIZE = 56
_ENTRY = b"PK\x01\x02"  # a central directory entry: 46 bytes + name, extra, comment
_ENTRY_SIZE = 46


@dataclass(frozen=True, slots=True)
class ExtractionLimits:
    """At most `max_bytes` written and `max_files` entries (files and folders) per archive."""

    max_bytes: int = MAX_BYTES
    max_files: int = MAX_FILES


class UnsafeArchive(Exception):
    """The archive is not a readable zip, or breaks a limit or a rule (the message says)."""


def extract_zip(archive: Path, target: Path, limits: ExtractionLimits) -> None:
    """Extract `archive` into the new directory `target`; on UnsafeArchive, `target` is gone."""
    entries = count_entries(archive, limits.max_files)
    if entries > limits.max_files:
        raise UnsafeArchive(f"it holds more than {limits.max_files} entries (the limit)")
    target.mkdir()
    try:
        with zipfile.ZipFile(archive) as zipped:
            written = 0
            for info in zipped.infolist():
                written += _extract(zipped, info, target, limits, written)
    except UnsafeArchive:
        shutil.rmtree(target, ignore_errors=True)
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        shutil.rmtree(target, ignore_errors=True)
        raise UnsafeArchive(f"not a readable zip archive: {error}") from error
    except OSError as error:
        shutil.rmtree(target, ignore_errors=True)
        raise UnsafeArchive(f"cannot be extracted: {error.strerror or error}") from error


def _extract(
    zipped: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    target: Path,
    limits: ExtractionLimits,
    written_before: int,
) -> int:
    """Write one member under `target`; the bytes written, counted as they are."""
    path = target.joinpath(*_parts(info))
    if info.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    budget = limits.max_bytes - written_before
    written = 0
    with zipped.open(info) as source, path.open("wb") as out:
        while chunk := source.read(min(CHUNK, budget - written + 1)):
            written += len(chunk)
            if written > budget:
                raise UnsafeArchive(f"it expands to more than {limits.max_bytes} bytes (the limit)")
            out.write(chunk)
    return written


def _parts(info: zipfile.ZipInfo) -> tuple[str, ...]:
    name = info.filename
    if stat.S_ISLNK(info.external_attr >> 16):
        raise UnsafeArchive(f"member {name!r} is a symbolic link")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\x00" in name:
        raise UnsafeArchive(f"member {name!r} would land outside the directory")
    parts = tuple(part for part in path.parts if part != ".")
    if not parts:
        raise UnsafeArchive(f"member {name!r} has no name")
    return parts


def count_entries(archive: Path, stop_after: int) -> int:
    """The entries of the central directory the zip module would parse, counted by walking
    it (the count the archive declares is ignored); stops once past `stop_after`."""
    with archive.open("rb") as file:
        start, size = _central_directory(file)
        file.seek(start)
        count, walked = 0, 0
        while walked < size and count <= stop_after:
            entry = file.read(_ENTRY_SIZE)
            if len(entry) != _ENTRY_SIZE or entry[:4] != _ENTRY:
                raise UnsafeArchive("not a readable zip archive: bad central directory")
            name, extra, comment = struct.unpack("<3H", entry[28:34])
            file.seek(name + extra + comment, 1)
            walked += _ENTRY_SIZE + name + extra + comment
            count += 1
        return count


def _central_directory(file: BinaryIO) -> tuple[int, int]:
    """Where the central directory starts and its size: right before the end records, as the
    zip module reads it."""
    end = file.seek(0, 2)
    tail_start = max(0, end - (22 + 0xFFFF))
    file.seek(tail_start)
    tail = file.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        raise UnsafeArchive("not a readable zip archive: no end of central directory")
    record = tail_start + at
    size: int = struct.unpack("<L", tail[at + 12 : at + 16])[0]
    locator = record - 20
    if locator >= _END64_SIZE:
        file.seek(locator)
        if file.read(4) == _END64_LOCATOR:
            file.seek(locator - _END64_SIZE)
            end64 = file.read(_END64_SIZE)
            size = struct.unpack("<Q", end64[40:48])[0]
            return _checked(locator - _END64_SIZE - size, size)
    return _checked(record - size, size)


def _checked(start: int, size: int) -> tuple[int, int]:
    if start < 0:  # a size larger than the file before it
        raise UnsafeArchive("not a readable zip archive: bad end of central directory")
    return start, size
