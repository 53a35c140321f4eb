"""Tests: how much this process's resident memory (Linux) grows while a block runs."""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


def rss() -> int:
    """Resident set size in bytes (`VmRSS` of /proc/self/status)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


@dataclass
class Growth:
    before: int
    peak: int

    @property
    def grown(self) -> int:
        return self.peak - self.before


@contextmanager
def rss_growth(period: float = 0.005) -> Iterator[Growth]:
    """The RSS before the block and its peak while the block runs (a sampler thread every
    `period` seconds). Free memory the allocator kept is handed back first: reused, it would
    hide what the block allocates."""
    _trim()
    growth = Growth(rss(), rss())
    done = threading.Event()

    def sample() -> None:
        while not done.wait(period):
            growth.peak = max(growth.peak, rss())

    sampler = threading.Thread(target=sample, name="rss-sampler", daemon=True)
    sampler.start()
    try:
        yield growth
    finally:
        done.set()
        sampler.join()
        growth.peak = max(growth.peak, rss())


def _trim() -> None:
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:  # glibc
        trim(0)
