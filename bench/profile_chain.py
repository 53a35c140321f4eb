"""Profile the embedded chain benchmark with cProfile (the whole platform runs in-process).

Prints the bench's JSON line, then the top functions by cumulative and by own time; the raw
profile is written to ``--out`` for snakeviz or pstats. Time in ``select.epoll.poll`` is the
process waiting: on the wrappers (other processes), on aiosqlite's thread, or idle.
"""

from __future__ import annotations

from bench_chain import measure
from profiling import arguments, profile

if __name__ == "__main__":
    parser = arguments(__doc__, top=40, out="chain.prof")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    chain = lambda platform, env: measure(platform, env, 40, args.runs)  # noqa: E731
    profile("chain", chain, args, "cumulative", "tottime")
