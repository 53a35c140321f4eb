"""Validation of the resources an action requests (cpu, memory, time, gpu)."""

from __future__ import annotations

import re

from flowloom.repository.domain.action import Resources
from flowloom.repository.domain.findings import (
    FieldPath,
    Findings,
    describe,
    is_number,
    render_path,
)

RESOURCE_KEYS = ("cpu", "memory", "time", "gpu")
MIN_MEMORY_INT_BYTES = 1_000_000
MIN_MEMORY_UNIT_BYTES = 32 * 1024**2
MEMORY_UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
TIME_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_MEMORY = re.compile(r"^(\d+(?:\.\d+)?)\s*([KMGT])(?:i|iB|B)?$")
_TIME = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")


def validate_resources(findings: Findings, path: FieldPath, value: object) -> Resources:
    mapping = findings.mapping(path, value)
    if mapping is None:
        return Resources()
    findings.unknown_keys(path, mapping, RESOURCE_KEYS)
    return Resources(
        cpu=_number(findings, (*path, "cpu"), mapping.get("cpu"), 0.1),
        memory_bytes=_memory(findings, (*path, "memory"), mapping.get("memory")),
        time_seconds=_time(findings, (*path, "time"), mapping.get("time")),
        gpu=_number(findings, (*path, "gpu"), mapping.get("gpu"), 1),
    )


def _number(findings: Findings, path: FieldPath, value: object, minimum: float) -> float | None:
    if value is None:
        return None
    if not is_number(value):
        findings.add(path, f"{_name(path)} must be a number, not {describe(value)}.")
        return None
    assert isinstance(value, int | float)
    if value < minimum:
        findings.add(path, f"{_name(path)} must be at least {minimum} (got {value}).")
        return None
    return float(value)


def _memory(findings: Findings, path: FieldPath, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < MIN_MEMORY_INT_BYTES:
            findings.add(path, f"{_name(path)} must be at least 1000000 bytes (got {value}).")
            return None
        return value
    match = _MEMORY.match(value) if isinstance(value, str) else None
    if match is None:
        findings.add(
            path,
            f"{_name(path)} must be a number of bytes or a string with a K, M, G or T unit "
            f'such as "512M" (got {value!r}).',
        )
        return None
    size = int(float(match.group(1)) * MEMORY_UNITS[match.group(2)])
    if size <= MIN_MEMORY_UNIT_BYTES:
        findings.add(path, f"{_name(path)} must be above 32M (got {value!r}).")
        return None
    return size


def _time(findings: Findings, path: FieldPath, value: object) -> float | None:
    if value is None:
        return None
    if is_number(value):
        return _number(findings, path, value, 1)
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        findings.add(
            path,
            f"{_name(path)} must be a number of seconds or a string with an s, m, h or d unit "
            f'such as "30m" (got {value!r}).',
        )
        return None
    seconds = float(match.group(1)) * TIME_UNITS[match.group(2)]
    if seconds < 1:
        findings.add(path, f"{_name(path)} must be at least 1 second (got {value!r}).")
        return None
    return seconds


def _name(path: FieldPath) -> str:
    return render_path(path)
