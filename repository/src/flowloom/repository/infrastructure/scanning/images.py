"""Reads the pixel size of a PNG or JPEG from its header, without an image library."""

from __future__ import annotations

import struct
from typing import BinaryIO

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Start-of-frame markers carry the size; C4, C8 and CC share the range but are not frames.
_SOF_MARKERS = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_NO_LENGTH_MARKERS = set(range(0xD0, 0xDA)) | {0x01}


def image_size(stream: BinaryIO) -> tuple[int, int] | None:
    """Return (width, height), or None when the header is neither PNG nor JPEG."""
    head = stream.read(24)
    if head.startswith(PNG_SIGNATURE) and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if head.startswith(b"\xff\xd8"):
        stream.seek(2)
        return _jpeg_size(stream)
    return None


def _jpeg_size(stream: BinaryIO) -> tuple[int, int] | None:
    while True:
        byte = stream.read(1)
        if byte != b"\xff":
            return None
        marker = stream.read(1)
        while marker == b"\xff":
            marker = stream.read(1)
        if not marker:
            return None
        code = marker[0]
        if code in _NO_LENGTH_MARKERS:
            continue
        length_bytes = stream.read(2)
        if len(length_bytes) < 2:
            return None
        (length,) = struct.unpack(">H", length_bytes)
        if code in _SOF_MARKERS:
            frame = stream.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">xHH", frame)
            return int(width), int(height)
        stream.seek(length - 2, 1)
