"""Where the action wrapper installed into each environment comes from, and its version."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

DISTRIBUTION = "flowloom-action-wrapper"
_SKIPPED_DIRS = {
    "__pycache__", ".git", ".venv", "build", "dist", "tests", ".pytest_cache", ".mypy_cache",
    ".ruff_cache",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class WrapperSource:
    """What `uv pip install` gets (a directory, a wheel or a requirement) and its identity."""

    install: str
    directory: Path | None = None  # a project directory: versioned by a hash of its files
    fixed_version: str = ""
    wheel: Path | None = None  # a wheel file: installed as it is

    def version(self) -> str:
        """Blocking for a directory (reads its files): call it in a worker thread."""
        if self.directory is not None:
            return f"tree-sha256:{tree_digest(self.directory)}"
        return self.fixed_version


def locate_wrapper(setting: str) -> WrapperSource:
    """The `wrapper_source` setting, or else the installed distribution of the wrapper."""
    if setting:
        path = Path(setting).expanduser()
        if path.is_dir():
            return WrapperSource(str(path.resolve()), directory=path.resolve())
        if path.is_file():
            digest = _file_digest(path)
            return WrapperSource(str(path.resolve()), fixed_version=f"sha256:{digest}",
                                 wheel=path.resolve())  # fmt: skip
        return WrapperSource(setting, fixed_version=setting)
    distribution = metadata.distribution(DISTRIBUTION)
    directory = _local_directory(distribution.read_text("direct_url.json"))
    if directory is not None:
        return WrapperSource(str(directory), directory=directory)
    requirement = f"{DISTRIBUTION}=={distribution.version}"
    return WrapperSource(requirement, fixed_version=requirement)


def _local_directory(direct_url: str | None) -> Path | None:
    """The project directory of an editable or local install (PEP 610 direct_url.json)."""
    if not direct_url:
        return None
    url = json.loads(direct_url).get("url", "")
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    return path if (path / "pyproject.toml").is_file() else None


def tree_digest(directory: Path) -> str:
    """sha256 over the relative names and contents of a project's source files."""
    digest = hashlib.sha256()
    for base, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.endswith(".egg-info"))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(base) / name
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
