"""The outcome journal's file: what it keeps through a kill -9, sealed, and emptied after."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from flowloom.runner.domain.invocation import Cancelled, Failed, HeldOutcome, Succeeded, TimedOut
from flowloom.runner.domain.values import StoredFile
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.journal.file import FileOutcomeJournal

KEY = ValueCipher.generate_key()
SUCCEEDED = HeldOutcome(
    "run-1",
    "ex-1",
    1,
    Succeeded(
        {
            "token": "hunter2-derived",
            "n": 3,
            "raw": b"\x00\xff",
            "none": None,
            "file": StoredFile("p/r/ex-1/file", "out.txt", 12, False),
        },
        frozenset({"token"}),
    ),
)
OTHERS = [
    HeldOutcome("run-1", "ex-2", 2, Failed("ValueError: no", "Traceback …")),
    HeldOutcome("run-2", "ex-3", 1, Cancelled(418, "I am a teapot")),
    HeldOutcome("run-3", "ex-4", 1, TimedOut(1.5)),
]


def journal(path: Path) -> FileOutcomeJournal:
    return FileOutcomeJournal(path, ValueCipher(KEY))


async def test_gives_back_every_held_outcome_when_read_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "outcome-journal"
    first = journal(path)
    for held in [SUCCEEDED, *OTHERS]:
        await first.hold(held)
    await first.release(OTHERS[0])
    assert await journal(path).held() == [SUCCEEDED, *OTHERS[1:]]
    assert b"hunter2" not in path.read_bytes()  # sealed with the values key
    assert b"teapot" not in path.read_bytes()


async def test_empties_the_file_when_nothing_is_held_any_more(tmp_path: Path) -> None:
    path = tmp_path / "outcome-journal"
    kept = journal(path)
    await kept.hold(SUCCEEDED)
    await kept.hold(OTHERS[0])
    await kept.release(SUCCEEDED)
    assert path.stat().st_size > 0
    await kept.release(OTHERS[0])
    assert path.read_bytes() == b""
    assert await journal(path).held() == []


async def test_skips_a_line_cut_short_by_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "outcome-journal"
    await journal(path).hold(SUCCEEDED)
    with path.open("a") as file:
        file.write('{"hold":"ex-9/1","sea')
    assert await journal(path).held() == [SUCCEEDED]


async def test_empties_the_file_once_what_it_held_at_start_is_released(tmp_path: Path) -> None:
    path = tmp_path / "outcome-journal"
    await journal(path).hold(SUCCEEDED)
    restarted = journal(path)
    assert await restarted.held() == [SUCCEEDED]
    await restarted.hold(OTHERS[0])  # a new outcome before the old one is released
    await restarted.release(SUCCEEDED)
    assert await journal(path).held() == [OTHERS[0]]
    await restarted.release(OTHERS[0])
    assert path.read_bytes() == b""


def test_keeps_held_outcome_when_its_process_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "outcome-journal"
    program = textwrap.dedent(f"""
        import asyncio, os, signal
        from pathlib import Path
        from flowloom.runner.domain.invocation import Failed, HeldOutcome
        from flowloom.runner.infrastructure.database.cipher import ValueCipher
        from flowloom.runner.infrastructure.journal.file import FileOutcomeJournal

        async def main():
            kept = FileOutcomeJournal(Path({str(path)!r}), ValueCipher({KEY!r}))
            await kept.hold(HeldOutcome("run-1", "ex-1", 1, Failed("kept")))
            os.kill(os.getpid(), signal.SIGKILL)

        asyncio.run(main())
    """)
    finished = subprocess.run([sys.executable, "-c", program], timeout=60)
    assert finished.returncode == -signal.SIGKILL
    held = asyncio.run(journal(path).held())
    assert held == [HeldOutcome("run-1", "ex-1", 1, Failed("kept"))]
