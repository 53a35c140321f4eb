"""Profile the embedded throughput benchmark with cProfile (the platform runs in-process).

Prints the bench's JSON figures, then the top functions by own time and cumulative time.
Time in ``select.epoll.poll`` is the process waiting: on the wrappers, or idle; the load
comes from ``load.py`` in its own process, so only the platform is profiled.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import tempfile
from pathlib import Path

from bench_throughput import measure
from platforms import noop_action, started


async def profiled(seconds: float, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = noop_action(root / "noop")
        async with started("embedded", root) as platform:
            profile = cProfile.Profile()
            profile.enable()
            figures = await measure(platform, env, 3, seconds, seconds)
            profile.disable()
            profile.dump_stats(out)
            print(json.dumps({"bench": "throughput", "mode": "embedded", **figures}), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, default=Path("throughput.prof"))
    args = parser.parse_args()
    asyncio.run(profiled(args.seconds, args.out))
    stats = pstats.Stats(str(args.out))
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
