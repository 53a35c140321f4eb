"""Every real path git reads when it fetches from a repository on this host (file:// sources)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from flowloom.repository.domain.errors import SourceRefused

# The names git's upload-pack tries, in its order, for the path it is given (enter_repo).
GIT_SUFFIXES = ("/.git", "", ".git/.git", ".git")
# More entries than this in the repository's git directory: refused rather than checked for
# minutes (a packed repository holds a few hundred).
MAX_ENTRIES = 500_000
_SMALL_FILE = 64 * 1024

# Called with each real path git may read, and whether it was reached through a link (a
# symlink, a `.git` file, `commondir`, an alternate) rather than named by the URL; it raises
# to refuse. Each path is checked before anything under it is read.
PathCheck = Callable[[Path, bool], None]


def check_paths_git_reads(path: Path, check: PathCheck) -> None:
    """Check the real paths of `path`, of each repository git may open for it (following
    `.git` files, `commondir` and object alternates) and of every symlink inside those.

    Blocking (it walks directories): run it in a thread."""
    check(Path(os.path.realpath(path)), False)
    walk: list[Path] = []
    for suffix in GIT_SUFFIXES:
        candidate = Path(f"{path}{suffix}")
        if not os.path.lexists(candidate):
            continue
        real = Path(os.path.realpath(candidate))
        check(real, real != candidate)
        if real.is_file():
            target = _gitfile_target(real)
            if target is not None:
                check(target, True)
                walk.append(target)
        elif (real / "HEAD").exists():  # a git directory, not a working tree
            walk.append(real)
    _walk(walk, check)


def _walk(pending: list[Path], check: PathCheck) -> None:
    """Check the real target of every symlink under the pending directories, following the
    directories they point to and the `commondir`/`alternates` files git follows."""
    walked: set[Path] = set()
    entries = 0
    while pending:
        directory = pending.pop()
        if directory in walked or not directory.is_dir():
            continue
        walked.add(directory)
        for root, dirs, files in os.walk(directory, followlinks=False):
            entries += len(dirs) + len(files)
            if entries > MAX_ENTRIES:
                raise SourceRefused(
                    f"the repository's git directory holds more than {MAX_ENTRIES} files: "
                    "too many to check (pack it with git gc)"
                )
            for name in (*dirs, *files):
                entry = Path(root, name)
                if entry.is_symlink():
                    real = Path(os.path.realpath(entry))
                    check(real, True)
                    pending.append(real)
                elif name in ("commondir", "alternates") and entry.is_file():
                    base = entry.parent if name == "commondir" else entry.parent.parent
                    for target in _listed_paths(entry, base):
                        check(target, True)
                        pending.append(target)


def _gitfile_target(file: Path) -> Path | None:
    """The directory a `.git` file names (`gitdir: <path>`), resolved; None for other files."""
    text = _read_small(file)
    if not text.startswith("gitdir: "):
        return None
    named = Path(text.removeprefix("gitdir: ").strip())
    return Path(os.path.realpath(file.parent / named))


def _listed_paths(file: Path, base: Path) -> list[Path]:
    """Paths listed one per line (`commondir`, `objects/info/alternates`), relative to base."""
    listed = []
    for line in _read_small(file).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"') and line.endswith('"'):
            line = line[1:-1]  # a C-quoted alternate; escapes would only make it stranger
        listed.append(Path(os.path.realpath(base / line)))
    return listed


def _read_small(file: Path) -> str:
    try:
        with file.open("rb") as opened:
            return opened.read(_SMALL_FILE).decode(errors="replace")
    except OSError:
        return ""
