"""What every benchmark prints beside its figures: the machine and the commit."""

from __future__ import annotations

import importlib.util
import os
import platform
import statistics
import subprocess


def context() -> dict[str, object]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    # The machine is shared: the load average says how much of it the figures had.
    load = [round(value, 2) for value in os.getloadavg()]
    # Without .pyc files every Python start compiles its imports (seconds for a service).
    app = os.path.join(os.path.dirname(__file__), "..", "runner/src/flowloom/runner/app.py")
    return {
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "commit": commit,
        "load_average_1m_5m_15m": load,
        "bytecode_cached": os.path.exists(importlib.util.cache_from_source(app)),
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(fraction * 100) - 1]
