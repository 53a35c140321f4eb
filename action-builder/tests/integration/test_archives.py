"""Archives: deterministic packing; untrusted extraction refuses escapes."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from flowloom.action_builder.infrastructure.archives import UnsafeArchive, extract_untrusted, pack


def make_tree(root: Path) -> None:
    (root / "venv" / "bin").mkdir(parents=True)
    (root / "venv" / "bin" / "tool").write_text("#!/bin/sh\n")
    (root / "venv" / "bin" / "tool").chmod(0o755)
    (root / "venv" / "bin" / "python").symlink_to("/usr/bin/python3")
    (root / "action").mkdir()
    (root / "action" / "ryax_handler.py").write_text("def handle(i):\n    return {}\n")


def test_packs_same_bytes_when_same_files_are_packed_twice(tmp_path: Path) -> None:
    make_tree(tmp_path / "a")
    make_tree(tmp_path / "b")
    (tmp_path / "b" / "action" / "ryax_handler.py").touch()  # another mtime: same archive
    first = pack(tmp_path / "a", ["venv", "action"], tmp_path / "a.tar.gz")
    second = pack(tmp_path / "b", ["venv", "action"], tmp_path / "b.tar.gz")
    assert first == second
    with tarfile.open(tmp_path / "a.tar.gz") as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert members["venv/bin/python"].issym()
    assert members["venv/bin/tool"].mode == 0o755
    assert members["action/ryax_handler.py"].mode == 0o644


def test_packs_other_bytes_when_code_changes(tmp_path: Path) -> None:
    make_tree(tmp_path / "a")
    first = pack(tmp_path / "a", ["venv", "action"], tmp_path / "1.tar.gz")
    (tmp_path / "a" / "action" / "ryax_handler.py").write_text("changed\n")
    assert pack(tmp_path / "a", ["venv", "action"], tmp_path / "2.tar.gz") != first


def archive(tmp_path: Path, *members: tarfile.TarInfo) -> Path:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for member in members:
            tar.addfile(member, io.BytesIO(b"x" * member.size) if member.isfile() else None)
    path = tmp_path / "evil.tar.gz"
    path.write_bytes(buffer.getvalue())
    return path


def member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = 1 if kind == tarfile.REGTYPE else 0
    return info


@pytest.mark.parametrize(
    "bad",
    [
        member("/etc/evil"),
        member("../evil"),
        member("a/../../evil"),
        member("link", tarfile.SYMTYPE, "/etc/passwd"),
        member("link", tarfile.SYMTYPE, "../../outside"),
        member("hard", tarfile.LNKTYPE, "../outside"),
    ],
)
def test_refuses_archive_when_a_member_escapes(tmp_path: Path, bad: tarfile.TarInfo) -> None:
    path = archive(tmp_path, member("ryax_metadata.yaml"), bad)
    with pytest.raises(UnsafeArchive):
        extract_untrusted(path, tmp_path / "out", max_bytes=1 << 20)
    assert not (tmp_path / "evil").exists()


def test_refuses_archive_when_it_is_too_big(tmp_path: Path) -> None:
    big = member("big.bin")
    big.size = 2048
    with pytest.raises(UnsafeArchive, match="more than 1024"):
        extract_untrusted(archive(tmp_path, big), tmp_path / "out", max_bytes=1024)


def test_refuses_archive_when_it_is_not_a_tar(tmp_path: Path) -> None:
    path = tmp_path / "junk.tar.gz"
    path.write_bytes(b"not an archive")
    with pytest.raises(UnsafeArchive, match="not a readable"):
        extract_untrusted(path, tmp_path / "out", max_bytes=1024)


def test_extracts_relative_links_inside_the_action(tmp_path: Path) -> None:
    path = archive(tmp_path, member("data/real.txt"), member("alias", tarfile.SYMTYPE, "data"))
    extract_untrusted(path, tmp_path / "out", max_bytes=1024)
    assert (tmp_path / "out" / "alias" / "real.txt").read_bytes() == b"x"
