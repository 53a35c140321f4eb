"""tar.gz archives: deterministic packing, and extraction that refuses unsafe members."""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import tarfile
from pathlib import Path

# Fixed metadata, so that the same files always give the same archive bytes.
MTIME = 315532800  # 1980-01-01, accepted by every archive tool


class UnsafeArchive(Exception):
    """The archive cannot be extracted safely (or is not a tar archive)."""


def pack(root: Path, members: list[str], archive: Path) -> str:
    """Archive `root/<member>` trees into `archive`; return the sha256 hex of its bytes.

    Sorted names, owner 0, a fixed mtime and no gzip timestamp: the bytes depend only on
    names, modes, link targets and contents. Hard links are stored as plain files."""
    with (
        archive.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for member in members:
            for path in _walk(root / member):
                _add(tar, root, path)
    return sha256_of(archive)


def _walk(top: Path) -> list[Path]:
    found = [top]
    if top.is_dir() and not top.is_symlink():
        for entry in sorted(top.iterdir(), key=lambda p: p.name):
            found.extend(_walk(entry))
    return found


def _add(tar: tarfile.TarFile, root: Path, path: Path) -> None:
    info = tarfile.TarInfo(path.relative_to(root).as_posix())
    status = path.lstat()
    info.mtime, info.uid, info.gid, info.uname, info.gname = MTIME, 0, 0, "", ""
    executable = bool(status.st_mode & stat.S_IXUSR)
    if stat.S_ISLNK(status.st_mode):
        info.type, info.linkname, info.mode = tarfile.SYMTYPE, os.readlink(path), 0o777
        tar.addfile(info)
    elif stat.S_ISDIR(status.st_mode):
        info.type, info.mode = tarfile.DIRTYPE, 0o755
        tar.addfile(info)
    elif stat.S_ISREG(status.st_mode):
        info.size, info.mode = status.st_size, 0o755 if executable else 0o644
        with path.open("rb") as content:
            tar.addfile(info, content)
    # Sockets, fifos and devices have no place in an environment: skipped.


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as content:
        while chunk := content.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def extract_untrusted(archive: Path, into: Path, max_bytes: int) -> None:
    """Extract a user's archive: no absolute names, no `..`, no links leaving `into`,
    no devices, at most `max_bytes` of file content."""
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar.getmembers():
                _refuse_escape(member)
            total = sum(member.size for member in tar.getmembers() if member.isfile())
            if total > max_bytes:
                raise UnsafeArchive(f"it holds {total} bytes, more than {max_bytes}")
            into.mkdir(parents=True, exist_ok=True)
            tar.extractall(into, filter="data")
    except tarfile.FilterError as error:
        raise UnsafeArchive(str(error)) from error
    except (tarfile.TarError, EOFError, OSError, gzip.BadGzipFile) as error:
        raise UnsafeArchive(f"not a readable tar.gz archive ({error})") from error


def _refuse_escape(member: tarfile.TarInfo) -> None:
    """Refuse rather than repair (the `data` filter would strip a leading slash)."""
    name = member.name
    if name.startswith("/") or "\\" in name or ".." in name.split("/"):
        raise UnsafeArchive(f"member {name!r} would land outside the action directory")
    if member.issym() and member.linkname.startswith("/"):
        raise UnsafeArchive(f"link {name!r} points to the absolute path {member.linkname!r}")


def extract_own(archive: Path, into: Path) -> None:
    """Extract an archive this builder made (a venv links to its interpreter by absolute path)."""
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, mode="r:*") as tar:
        tar.extractall(into, filter="tar")
