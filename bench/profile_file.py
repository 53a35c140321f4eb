"""Profile a file hop with py-spy: where a `pass` wrapper spends a 10 MB hop (embedded).

Runs the file chain of bench_file.py for `--seconds` while `py-spy record --idle` samples the
wrapper of the first `pass` step (sequential runs reuse one wrapper), then prints the share
of samples by innermost Flowloom/httpx frame and by leaf function. py-spy is not a project
dependency: `pip install py-spy` into any environment and pass `--py-spy PATH`.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import subprocess
import tempfile
import time
from pathlib import Path

from bench_file import HOPS, MAKE_HANDLER, SIZE
from platforms import (
    METADATA,
    NOOP_HANDLER,
    Session,
    action_environment,
    artefact,
    chain_version,
    noop_action,
    started,
)


def wrapper_pid(action_dir: Path) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if str(action_dir).encode() in command and b"serve" in command:
                return int(entry.name)
    raise LookupError(f"no wrapper of {action_dir}")


def summary(raw: Path, top: int) -> None:
    """The main thread's samples: waiting in the event loop (on the network: the object store)
    against running, and the running ones by innermost frame of the wrapper or httpx."""
    frames_of: collections.Counter[str] = collections.Counter()
    waiting = running = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames, samples = stack.split(";"), int(count)
        if "flowloom-action-wrapper" not in frames[0]:
            continue  # worker threads idle in their queue, the log pumps
        if frames[-1].startswith("EpollSelector.select"):
            waiting += samples
            continue
        running += samples
        mine = [f for f in frames if any(k in f for k in ("action_wrapper", "httpx", "httpcore"))]
        frames_of[mine[-1] if mine else frames[-1]] += samples
    total = waiting + running
    print(f"main thread: {total} samples, {100 * waiting / total:.1f}% waiting in the event loop")
    for frame, samples in frames_of.most_common(top):
        print(f"{100 * samples / total:5.1f}%  {frame}")


async def profiled(seconds: float, py_spy: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        venv = noop_action(root / "noop") / "venv"
        make = METADATA.format(action_id="make", inputs="integer", outputs="file")
        passing = METADATA.format(action_id="pass", inputs="file", outputs="file")
        make_env = action_environment(root / "make", make, MAKE_HANDLER, venv)
        pass_env = action_environment(root / "pass", passing, NOOP_HANDLER, venv)
        steps = [artefact("make", make_env, "integer", "file")]
        steps += [artefact("pass", pass_env, "file")] * HOPS
        async with started("embedded", root) as platform:
            session = await Session.open(platform)
            version = chain_version(steps)
            await session.deploy(version)
            await session.run(version.workflow_id, {"x": SIZE})
            pid = wrapper_pid(pass_env / "action")
            command = [py_spy, "record", "--idle", "-r", "200", "-f", "raw", "-o", str(out),
                       "-d", str(int(seconds)), "-p", str(pid)]  # fmt: skip
            spy = subprocess.Popen(command)  # noqa: S603, ASYNC220
            deadline = time.monotonic() + seconds
            runs = 0
            while time.monotonic() < deadline:
                await session.run(version.workflow_id, {"x": SIZE})
                runs += 1
            await asyncio.to_thread(spy.wait)
            print(f"{runs} runs of {HOPS} hops of {SIZE >> 20} MB profiled")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--py-spy", default="py-spy")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--out", type=Path, default=Path("file-hop.txt"))
    args = parser.parse_args()
    asyncio.run(profiled(args.seconds, args.py_spy, args.out))
    summary(args.out, args.top)
