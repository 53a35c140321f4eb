"""Reading a zip within limits on what it really holds, whatever it declares.

Entries are counted in the central directory itself before the zip module parses it (the count
the archive declares is ignored); the bytes of members are counted as they are read, so a small
archive that expands to gigabytes, or declares small sizes, stops at the limit.
"""

from __future__ import annotations

import struct
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

CHUNK = 1024 * 1024
SPOOL = 1024 * 1024  # a member below this stays in memory, above it goes to a temporary file
_END = b"PK\x05\x06"  # end of central directory record (22 bytes + a comment)
_END64_LOCATOR = b"PK\x06\x07"  # zip64: 20 bytes right before the end record
_END64_SIZE = 56
_ENTRY = b"PK\x01\x02"  # a central directory entry: 46 bytes + name, extra, comment
_ENTRY_SIZE = 46


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """At most `max_files` entries in the archive, `max_bytes` read out of it (all members
    together) and `max_text_bytes` for a member read into memory; each named by its setting."""

    max_bytes: int
    max_files: int
    max_text_bytes: int
    bytes_setting: str = "max_bytes"
    files_setting: str = "max_files"
    text_setting: str = "max_text_bytes"


class ZipRefused(Exception):
    """The archive breaks a limit or is unreadable; the message says which."""


class Budget:
    """The bytes still allowed out of one archive."""

    def __init__(self, limits: ZipLimits) -> None:
        self.limits = limits
        self.left = limits.max_bytes

    def read_text(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        """A member read into memory: at most `max_text_bytes`."""
        limit = min(self.limits.max_text_bytes, self.left)
        with archive.open(info) as source:
            data = source.read(limit + 1)
        if len(data) > self.limits.max_text_bytes:
            raise ZipRefused(
                f"member '{info.filename}' is larger than {self.limits.max_text_bytes} bytes "
                f"(the limit, {self.limits.text_setting})"
            )
        self._spend(len(data))
        return data

    def extract(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
        """A member copied out to a temporary file (rewound; the caller closes it)."""
        out = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 - handed over
        try:
            with archive.open(info) as source:
                while chunk := source.read(min(CHUNK, self.left + 1)):
                    self._spend(len(chunk))
                    out.write(chunk)
        except BaseException:
            out.close()
            raise
        out.seek(0)
        return out

    def _spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise ZipRefused(
                f"expands to more than {self.limits.max_bytes} bytes "
                f"(the limit, {self.limits.bytes_setting})"
            )


def check_entries(file: IO[bytes], limits: ZipLimits) -> None:
    """Refuse an archive of more than `max_files` entries, counted by walking its central
    directory as the zip module would parse it (ZipRefused when unreadable too)."""
    start, size = _central_directory(file)
    file.seek(start)
    count, walked = 0, 0
    while walked < size:
        entry = file.read(_ENTRY_SIZE)
        if len(entry) != _ENTRY_SIZE or entry[:4] != _ENTRY:
            raise ZipRefused("is not a zip archive (bad central directory)")
        name, extra, comment = struct.unpack("<3H", entry[28:34])
        file.seek(name + extra + comment, 1)
        walked += _ENTRY_SIZE + name + extra + comment
        count += 1
        if count > limits.max_files:
            raise ZipRefused(
                f"holds more than {limits.max_files} entries (the limit, {limits.files_setting})"
            )
    file.seek(0)


def _central_directory(file: IO[bytes]) -> tuple[int, int]:
    """Where the central directory starts and its size: right before the end records."""
    end = file.seek(0, 2)
    tail_start = max(0, end - (22 + 0xFFFF))
    file.seek(tail_start)
    tail = file.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        raise ZipRefused("is not a zip archive")
    record = tail_start + at
    size: int = struct.unpack("<L", tail[at + 12 : at + 16])[0]
    locator = record - 20
    if locator >= _END64_SIZE:
        file.seek(locator)
        if file.read(4) == _END64_LOCATOR:
            file.seek(locator - _END64_SIZE)
            size = struct.unpack("<Q", file.read(_END64_SIZE)[40:48])[0]
            return _checked(locator - _END64_SIZE - size, size)
    return _checked(record - size, size)


def _checked(start: int, size: int) -> tuple[int, int]:
    if start < 0:  # a size larger than the file before it
        raise ZipRefused("is not a zip archive")
    return start, size
