"""Directory inputs' archives: extracted within limits on what they really hold."""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

import pytest

from flowloom.action_wrapper.archives import (
    ExtractionLimits,
    UnsafeArchive,
    count_entries,
    extract_zip,
)
from flowloom.action_wrapper.main import parse

MIB = 1024**2


def zeros_zip(path: Path, megabytes: int, name: str = "zeros.bin") -> Path:
    """A bomb: `megabytes` of zeros deflated into a few kilobytes, written as a stream."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped,
        zipped.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(bytes(MIB))
    return path


def entries_zip(path: Path, count: int) -> Path:
    with zipfile.ZipFile(path, "w") as zipped:
        for number in range(count):
            zipped.writestr(f"f{number}", b"")
    return path


def written(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def test_extracts_files_and_empty_folders_when_archive_is_within_limits(tmp_path: Path) -> None:
    archive = tmp_path / "ok.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("a.txt", "alpha")
        zipped.writestr("sub/b.txt", "beta")
        zipped.writestr("empty/", "")
    target = tmp_path / "out"
    extract_zip(archive, target, ExtractionLimits(max_bytes=9, max_files=3))
    assert (target / "a.txt").read_text() == "alpha"
    assert (target / "sub" / "b.txt").read_text() == "beta"
    assert (target / "empty").is_dir()


def test_refuses_archive_when_it_expands_past_the_byte_limit(tmp_path: Path) -> None:
    archive = zeros_zip(tmp_path / "bomb.zip", 64)
    assert archive.stat().st_size < 200_000  # 64 MiB inside
    target = tmp_path / "out"
    with pytest.raises(UnsafeArchive, match=r"expands to more than 4194304 bytes \(the limit\)"):
        extract_zip(archive, target, ExtractionLimits(max_bytes=4 * MIB))
    assert not target.exists()  # what was written is removed


def test_counts_bytes_over_all_members_when_each_is_under_the_limit(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for number in range(8):
            zipped.writestr(f"part-{number}.bin", bytes(MIB))
    with pytest.raises(UnsafeArchive, match="more than 5242880 bytes"):
        extract_zip(archive, tmp_path / "out", ExtractionLimits(max_bytes=5 * MIB))


def test_refuses_member_when_its_header_declares_less_than_its_data(tmp_path: Path) -> None:
    archive = zeros_zip(tmp_path / "liar.zip", 32)
    data = bytearray(archive.read_bytes())
    entry = data.rfind(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<L", 1024)  # "1 KiB", 32 MiB inside
    archive.write_bytes(bytes(data))
    target = tmp_path / "out"
    with pytest.raises(UnsafeArchive, match="not a readable zip archive"):
        extract_zip(archive, target, ExtractionLimits(max_bytes=64 * MIB))
    assert not target.exists()


def test_refuses_archive_when_it_holds_more_entries_than_the_limit(tmp_path: Path) -> None:
    archive = entries_zip(tmp_path / "many.zip", 2000)
    target = tmp_path / "out"
    with pytest.raises(UnsafeArchive, match="more than 1000 entries"):
        extract_zip(archive, target, ExtractionLimits(max_files=1000))
    assert not target.exists()  # refused before a single file was written


def test_counts_real_entries_when_end_record_declares_fewer(tmp_path: Path) -> None:
    archive = entries_zip(tmp_path / "liar.zip", 500)
    data = bytearray(archive.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = struct.pack("<2H", 1, 1)  # "one entry"
    archive.write_bytes(bytes(data))
    assert len(zipfile.ZipFile(archive).infolist()) == 500  # what the zip module parses
    assert count_entries(archive, 10_000) == 500
    with pytest.raises(UnsafeArchive, match="more than 100 entries"):
        extract_zip(archive, tmp_path / "out", ExtractionLimits(max_files=100))


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/escape.txt", "a/../../escape.txt"])
def test_refuses_member_when_its_path_leaves_the_directory(tmp_path: Path, name: str) -> None:
    archive = tmp_path / "escape.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("fine.txt", "ok")
        zipped.writestr(zipfile.ZipInfo(name), "out")
    (tmp_path / "deep").mkdir()
    with pytest.raises(UnsafeArchive, match="would land outside the directory"):
        extract_zip(archive, tmp_path / "deep" / "out", ExtractionLimits())
    assert not (tmp_path / "escape.txt").exists()
    assert not (tmp_path / "deep" / "escape.txt").exists()


def test_refuses_member_when_it_is_a_symbolic_link(tmp_path: Path) -> None:
    archive = tmp_path / "link.zip"
    link = zipfile.ZipInfo("passwd")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(link, "/etc/passwd")
    with pytest.raises(UnsafeArchive, match="'passwd' is a symbolic link"):
        extract_zip(archive, tmp_path / "out", ExtractionLimits())


def test_refuses_archive_when_end_record_declares_a_directory_larger_than_the_file(
    tmp_path: Path,
) -> None:
    archive = entries_zip(tmp_path / "liar.zip", 3)
    data = bytearray(archive.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 12 : end + 16] = struct.pack("<L", 10**9)  # a 1 GB central directory
    archive.write_bytes(bytes(data))
    with pytest.raises(UnsafeArchive, match="not a readable zip archive"):
        extract_zip(archive, tmp_path / "out", ExtractionLimits())


def test_refuses_file_when_it_is_not_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "plain.zip"
    archive.write_bytes(b"just text, not an archive")
    with pytest.raises(UnsafeArchive, match="not a readable zip archive"):
        extract_zip(archive, tmp_path / "out", ExtractionLimits())


def test_bounds_directory_inputs_by_default_when_serve_is_given_no_limit() -> None:
    args = parse(["serve", "--action-dir", ".", "--port", "0"])
    assert (args.directory_max_bytes, args.directory_max_files) == (1024**3, 10_000)
    args = parse(["serve", "--action-dir", ".", "--port", "0", "--directory-max-bytes", "5"])
    assert args.directory_max_bytes == 5
