"""Profile the embedded throughput benchmark with cProfile (the platform runs in-process).

Prints the bench's JSON figures, then the top functions by own time and cumulative time.
Time in ``select.epoll.poll`` is the process waiting: on the wrappers, or idle; the load
comes from ``load.py`` in its own process, so only the platform is profiled.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bench_throughput import measure
from profiling import print_top, profile_embedded

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, default=Path("throughput.prof"))
    args = parser.parse_args()
    load = lambda platform, env: measure(platform, env, 3, args.seconds, args.seconds)  # noqa: E731
    asyncio.run(profile_embedded("throughput", load, args.out))
    print_top(args.out, args.top, "tottime", "cumulative")
