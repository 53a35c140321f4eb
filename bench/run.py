"""Run every `bench/bench_*.py`; each prints one JSON line per mode. `--short` for CI.

`--ci` (with `--short`, as `.ci/run` calls it) keeps CI under its time budget: the chain and
the outbox run in both modes, the other benchmarks in embedded mode only (each distributed
form starts its own distributed platform, about a minute apiece), and the soak not at all (it
has no embedded form, and even its short form takes 3-5 minutes: CI took 44 minutes with it;
its faults are tested by the outage tests of `make test`). `make bench` runs them all, the
soak for 30 minutes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EVERY_MODE_IN_CI = {"bench_chain.py", "bench_outbox.py"}
NOT_IN_CI = {"bench_soak.py"}

here = Path(__file__).resolve().parent
ci = "--ci" in sys.argv[1:]
arguments = [a for a in sys.argv[1:] if a != "--ci"]
failed = 0
for script in sorted(here.glob("bench_*.py")):
    if ci and script.name in NOT_IN_CI:
        print(f"{script.name}: not run in CI (--ci); `make bench` runs it", file=sys.stderr)
        continue
    extra = ["--mode", "embedded"] if ci and script.name not in EVERY_MODE_IN_CI else []
    command = [sys.executable, str(script), *arguments, *extra]
    failed |= subprocess.run(command, cwd=here).returncode  # noqa: S603
sys.exit(failed)
