"""Output capture line by line, the per-execution workspace, directory archives."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from flowloom.action_wrapper.capture import (
    MAX_LINE,
    LineWriter,
    LogSink,
    OutputCapture,
    captured_output,
)
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb
from flowloom.action_wrapper.transfer import safe_name, zip_directory
from flowloom.action_wrapper.workspace import Workspace, Workspaces, remove_leftover


def lines(events: list[pb.RunEvent]) -> list[tuple[str, str]]:
    return [(event.log.stream, event.log.line) for event in events]


def test_writer_emits_complete_lines_when_text_arrives_in_pieces() -> None:
    events: list[pb.RunEvent] = []
    writer = LineWriter("stdout", LogSink(events.append), 1)
    writer.write("a")
    writer.write("b\r\nc\n\nd")
    assert lines(events) == [("stdout", "ab"), ("stdout", "c"), ("stdout", "")]
    writer.buffer.write("é\n".encode()[:1])
    writer.buffer.write("é\n".encode()[1:])
    writer.finish()
    assert lines(events)[-1] == ("stdout", "dé")


def test_writer_cuts_lines_when_text_has_no_newline_for_long() -> None:
    events: list[pb.RunEvent] = []
    writer = LineWriter("stderr", LogSink(events.append), 2)
    writer.write("x" * (MAX_LINE + 5))
    writer.finish()
    assert [len(line) for _, line in lines(events)] == [MAX_LINE, 5]


def test_sink_is_silent_when_closed() -> None:
    events: list[pb.RunEvent] = []
    sink = LogSink(events.append)
    sink.close()
    sink.line("stdout", "late")
    assert events == []


def test_python_and_child_output_is_captured_when_inside_captured_output() -> None:
    events: list[pb.RunEvent] = []
    saved = sys.stdout, sys.stderr
    with captured_output(LogSink(events.append)):
        print("py out")
        print("py err", file=sys.stderr)
        subprocess.run([sys.executable, "-c", "print('child')"], check=True)
    assert (sys.stdout, sys.stderr) == saved
    assert lines(events)[:2] == [("stdout", "py out"), ("stderr", "py err")]
    assert ("stdout", "child") in lines(events)


def test_workspace_restores_cwd_environment_and_removes_files_when_execution_ends() -> None:
    cwd = os.getcwd()
    with Workspace() as workspace:
        with workspace.activated():
            assert Path.cwd() == workspace.work.resolve()
            assert tempfile.gettempdir() == str(workspace.tmp)
            os.environ["FLOWLOOM_TEST_WORKSPACE"] = "set"
            Path("left.txt").write_text("x")
        assert os.getcwd() == cwd
        assert "FLOWLOOM_TEST_WORKSPACE" not in os.environ
        assert os.environ.get("TMPDIR") != str(workspace.tmp)
    assert not workspace.root.exists()


def test_leftover_is_removed_only_when_in_temp_dir_and_outside_action(tmp_path: Path) -> None:
    action = tmp_path / "action"
    action.mkdir()
    asset = action / "asset.bin"
    asset.write_bytes(b"keep")
    handle, name = tempfile.mkstemp()
    os.close(handle)
    remove_leftover(asset, action)
    remove_leftover(Path(name), action)
    assert asset.exists()
    assert not Path(name).exists()


def test_archive_keeps_tree_relative_to_root_when_directory_is_zipped(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "empty").mkdir()
    (tree / "sub" / "a.txt").write_text("a")
    archive = zip_directory(tree, tmp_path)
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == ["empty/", "sub/", "sub/a.txt"]


def test_safe_name_keeps_base_name_when_runner_sends_a_path() -> None:
    assert safe_name("dir/../report.csv", "in") == "report.csv"
    assert safe_name("..", "in") == "in"
    assert safe_name("", "in") == "in"
    assert safe_name("C:\\x\\y.txt", "in") == "y.txt"


def test_reused_workspace_is_empty_again_when_the_next_execution_starts() -> None:
    workspaces = Workspaces()
    with workspaces.clean() as first:
        (first.work / "left.txt").write_text("x")
        (first.tmp / "sub").mkdir()
        (first.tmp / "sub" / "deep.txt").write_text("x")
        (first.inputs / "doc").symlink_to(first.root)  # removed, not followed
    with workspaces.clean() as second:
        assert second.root == first.root
        assert all(not any(folder.iterdir()) for folder in second.folders)
        second.work.rmdir()  # user code removed its own working directory
    with workspaces.clean() as third:
        assert third.root != first.root
        assert not first.root.exists()
        assert all(folder.is_dir() for folder in third.folders)
    workspaces.close()
    assert not third.root.exists()


def test_each_execution_gets_only_its_own_output_when_capture_is_reused() -> None:
    capture = OutputCapture()
    first: list[pb.RunEvent] = []
    second: list[pb.RunEvent] = []
    try:
        with capture.captured(LogSink(first.append)):
            os.write(1, b"first, unterminated")
            subprocess.run([sys.executable, "-c", "print('child of first')"], check=True)
            os.write(2, b"no newline either")
        with capture.captured(LogSink(second.append)):
            print("second")
    finally:
        capture.close()
    assert lines(first) == [
        ("stdout", "first, unterminatedchild of first"),
        ("stderr", "no newline either"),
    ]
    assert lines(second) == [("stdout", "second")]
