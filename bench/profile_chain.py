"""Profile the embedded chain benchmark with cProfile (the whole platform runs in-process).

Prints the bench's JSON line, then the top functions by cumulative and by own time; the raw
profile is written to ``--out`` for snakeviz or pstats. Time in ``select.epoll.poll`` is the
process waiting: on the wrappers (other processes), on aiosqlite's thread, or idle.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bench_chain import measure
from profiling import print_top, profile_embedded

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", type=Path, default=Path("chain.prof"))
    args = parser.parse_args()
    chain = lambda platform, env: measure(platform, env, 40, args.runs)  # noqa: E731
    asyncio.run(profile_embedded("chain", chain, args.out))
    print_top(args.out, args.top, "cumulative", "tottime")
