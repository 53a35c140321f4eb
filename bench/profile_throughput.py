"""Profile the embedded throughput benchmark with cProfile (the platform runs in-process).

Prints the bench's JSON figures, then the top functions by own time and cumulative time.
Time in ``select.epoll.poll`` is the process waiting: on the wrappers, or idle; the load
comes from ``load.py`` in its own process, so only the platform is profiled.
"""

from __future__ import annotations

from bench_throughput import measure
from profiling import arguments, profile

if __name__ == "__main__":
    parser = arguments(__doc__, top=30, out="throughput.prof")
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    load = lambda platform, env: measure(platform, env, 3, args.seconds, args.seconds)  # noqa: E731
    profile("throughput", load, args, "tottime", "cumulative")
