"""`SeaweedServer.stop_stale` stops only a `weed` serving its own data dir."""

from __future__ import annotations

import subprocess
from pathlib import Path

from flowloom.adm.seaweed import PID_FILE, SeaweedServer


def test_leaves_a_process_alone_when_its_pid_file_names_something_else(tmp_path: Path) -> None:
    other = subprocess.Popen(["sleep", "60"])  # a pid the file names, reused by another program
    try:
        (tmp_path / "objectstore").mkdir()
        (tmp_path / "objectstore" / PID_FILE).write_text(f"{other.pid}\n")

        stopped = SeaweedServer(tmp_path).stop_stale()

        assert stopped is None
        assert other.poll() is None
        assert not (tmp_path / "objectstore" / PID_FILE).exists()
    finally:
        other.kill()
        other.wait()


def test_does_nothing_when_no_pid_file_exists(tmp_path: Path) -> None:
    assert SeaweedServer(tmp_path).stop_stale() is None
