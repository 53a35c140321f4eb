"""Run every `bench/bench_*.py`; each prints one JSON line per mode. `--short` for CI.

`--ci` (with `--short`, as `.ci/run` calls it) keeps CI under its time budget: the chain and
the outbox run in both modes, the other benchmarks in embedded mode only (each distributed
form starts its own distributed platform, about a minute apiece); `make bench` runs them all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BOTH_MODES_IN_CI = {"bench_chain.py", "bench_outbox.py"}

here = Path(__file__).resolve().parent
ci = "--ci" in sys.argv[1:]
arguments = [a for a in sys.argv[1:] if a != "--ci"]
failed = 0
for script in sorted(here.glob("bench_*.py")):
    extra = ["--mode", "embedded"] if ci and script.name not in BOTH_MODES_IN_CI else []
    command = [sys.executable, str(script), *arguments, *extra]
    failed |= subprocess.run(command, cwd=here).returncode  # noqa: S603
sys.exit(failed)
