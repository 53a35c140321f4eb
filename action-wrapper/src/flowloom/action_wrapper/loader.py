"""Loading user code: the handler module of the action directory and its entry function."""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from flowloom.action_wrapper.errors import format_traceback, last_line
from flowloom.action_wrapper.metadata import ActionMetadata, Kind


class LoadError(Exception):
    """The handler module cannot be imported or has no usable entry function."""


@dataclass(frozen=True, slots=True)
class LoadedAction:
    metadata: ActionMetadata
    directory: Path
    module: ModuleType
    entry: Callable[..., Any]


def load_action(directory: Path, metadata: ActionMetadata) -> LoadedAction:
    """Import `ryax_handler` (or `ryax_run` for a source) from `directory`, cwd set to it."""
    name = metadata.kind.module_name
    folder = str(directory.resolve())
    if folder not in sys.path:
        sys.path.insert(0, folder)
    saved_cwd = os.getcwd()
    os.chdir(folder)  # module-level code may read files next to it
    try:
        module = importlib.import_module(name)
    except (Exception, SystemExit) as error:  # user code may even call sys.exit() on import
        sys.modules.pop(name, None)  # a later Init may retry after a fix
        raise LoadError(last_line(format_traceback(error))) from error
    finally:
        os.chdir(saved_cwd)
    return LoadedAction(metadata, directory.resolve(), module, _entry(module, metadata.kind))


def _entry(module: ModuleType, kind: Kind) -> Callable[..., Any]:
    entry: object = getattr(module, kind.entry_name, None)
    if not callable(entry):
        raise LoadError(f"{kind.module_name} has no function {kind.entry_name!r}")
    if kind is Kind.SOURCE and not inspect.iscoroutinefunction(entry):
        raise LoadError(f"{kind.module_name}.{kind.entry_name} must be an `async def`")
    return entry
