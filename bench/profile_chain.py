"""Profile the embedded chain benchmark with cProfile (the whole platform runs in-process).

Prints the bench's JSON line, then the top functions by cumulative and by own time; the raw
profile is written to ``--out`` for snakeviz or pstats. Time in ``select.epoll.poll`` is the
process waiting: on the wrappers (other processes), on aiosqlite's thread, or idle.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import tempfile
from pathlib import Path

from bench_chain import measure
from platforms import noop_action

from flowloom.testkit.harness import EmbeddedPlatform


async def profiled(runs: int, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = noop_action(root / "noop")
        platform = EmbeddedPlatform(root / "embedded")
        await platform.start()
        try:
            profile = cProfile.Profile()
            profile.enable()
            figures = await measure(platform, env, 40, runs)
            profile.disable()
            profile.dump_stats(out)
            print(json.dumps({"bench": "chain", "mode": "embedded", **figures}), flush=True)
        finally:
            await platform.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", type=Path, default=Path("chain.prof"))
    args = parser.parse_args()
    asyncio.run(profiled(args.runs, args.out))
    stats = pstats.Stats(str(args.out))
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
