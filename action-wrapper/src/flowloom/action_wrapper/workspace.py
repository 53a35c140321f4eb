"""A clean directory per execution: working directory, staged inputs, temp files, environment."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

SYSTEM_TEMP = Path(tempfile.gettempdir()).resolve()


class Workspace:
    """`root/{work,inputs,tmp,scratch}` created on enter and removed, with all it holds, on exit.

    `activated()` makes `work` the current directory and `tmp` the temp directory (`TMPDIR`,
    `tempfile.tempdir`) and restores the directory, `os.environ` and `tempfile.tempdir` after.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="flowloom-execution-", dir=SYSTEM_TEMP))
        self.work, self.inputs = self.root / "work", self.root / "inputs"
        self.tmp, self.scratch = self.root / "tmp", self.root / "scratch"
        for folder in (self.work, self.inputs, self.tmp, self.scratch):
            folder.mkdir()

    @property
    def folders(self) -> tuple[Path, ...]:
        return self.work, self.inputs, self.tmp, self.scratch

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def emptied(self) -> bool:
        """Remove whatever an execution left in the four folders; False if that failed.

        An execution that wrote nothing costs four directory listings here, where a new
        workspace costs ten directory creations and removals (about 2 ms on this disk).
        """
        for folder in self.folders:
            try:
                entries = list(os.scandir(folder))
            except OSError:  # removed, or made unreadable, by user code
                return False
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
            if not folder.is_dir():
                return False
            with os.scandir(folder) as left:  # closed even when not read to the end
                if any(left):
                    return False
        return True

    @contextmanager
    def activated(self) -> Iterator[None]:
        saved_cwd, saved_env, saved_tempdir = os.getcwd(), os.environ.copy(), tempfile.tempdir
        os.chdir(self.work)
        os.environ["TMPDIR"] = str(self.tmp)
        tempfile.tempdir = str(self.tmp)
        try:
            yield
        finally:
            os.chdir(saved_cwd)
            tempfile.tempdir = saved_tempdir
            restore_environ(saved_env)


class Workspaces:
    """One workspace reused by the executions of a wrapper, emptied between them.

    The executions of a wrapper never overlap. After each, the folders are emptied; if that
    fails (user code removed a folder or left something that cannot be deleted), the workspace
    is removed and the next execution gets a new one.
    """

    def __init__(self) -> None:
        self._current: Workspace | None = None

    @contextmanager
    def clean(self) -> Iterator[Workspace]:
        workspace = self._current or Workspace()
        self._current = None
        try:
            yield workspace
        finally:
            if workspace.emptied():
                self._current = workspace
            else:
                workspace.remove()

    def close(self) -> None:
        if self._current is not None:
            self._current.remove()
            self._current = None


def restore_environ(saved: dict[str, str]) -> None:
    """Undo every change made to `os.environ` since `saved` was taken."""
    for name in [name for name in os.environ if name not in saved]:
        del os.environ[name]
    for name, value in saved.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


def remove_leftover(path: Path, keep: Path) -> None:
    """Delete an uploaded output left in the system temp dir (e.g. `/tmp/outfile.txt`).

    Handlers written for upstream write fixed paths there; removing them after upload keeps one
    execution's outputs invisible to the next. Anything outside the temp dir, or inside `keep`
    (the action directory), is left alone.
    """
    resolved = path.resolve()
    if not resolved.is_relative_to(SYSTEM_TEMP) or resolved == SYSTEM_TEMP:
        return
    if resolved.is_relative_to(keep.resolve()):
        return
    if resolved.is_dir():
        shutil.rmtree(resolved, ignore_errors=True)
    else:
        resolved.unlink(missing_ok=True)
