"""What the cProfile scripts share: a benchmark measured on an embedded platform under the
profiler, and the top functions of the profile it wrote."""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from platforms import noop_action, started

from flowloom.testkit.harness import Platform

Measure = Callable[[Platform, Path], Awaitable[dict[str, Any]]]


def arguments(description: str | None, top: int, out: str) -> argparse.ArgumentParser:
    """A profile script's command line: `--top` functions printed, the raw profile to `--out`;
    the script adds its own options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--top", type=int, default=top)
    parser.add_argument("--out", type=Path, default=Path(out))
    return parser


def profile(bench: str, measure: Measure, args: argparse.Namespace, *orders: str) -> None:
    """`profile_embedded`, then the top functions by each of `orders` (the `arguments` given)."""
    asyncio.run(profile_embedded(bench, measure, args.out))
    print_top(args.out, args.top, *orders)


async def profile_embedded(bench: str, measure: Measure, out: Path) -> None:
    """`measure(platform, environment of a noop action)` on an embedded platform (all of it in
    this process) under cProfile; the profile written to `out`, the figures printed as the
    bench's JSON line."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = noop_action(root / "noop")
        async with started("embedded", root) as platform:
            profile = cProfile.Profile()
            profile.enable()
            figures = await measure(platform, env)
            profile.disable()
            profile.dump_stats(out)
            print(json.dumps({"bench": bench, "mode": "embedded", **figures}), flush=True)


def print_top(out: Path, top: int, *orders: str) -> None:
    """The `top` functions of the profile in `out`, sorted by each of `orders` in turn."""
    stats = pstats.Stats(str(out))
    for order in orders:
        stats.sort_stats(order).print_stats(top)
