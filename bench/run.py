"""Run every `bench/bench_*.py`; each prints one JSON line per mode. `--short` for CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = 0
for script in sorted(here.glob("bench_*.py")):
    result = subprocess.run([sys.executable, str(script), *sys.argv[1:]], cwd=here)  # noqa: S603
    failed |= result.returncode
sys.exit(failed)
