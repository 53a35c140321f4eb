"""Scans one action directory on disk: metadata, entry file, logo and size."""

from __future__ import annotations

import os
from pathlib import Path

from flowloom.repository.domain.action import KINDS, ActionDefinition, ScanError
from flowloom.repository.domain.handlers import check_entry
from flowloom.repository.domain.validation import validate_metadata
from flowloom.repository.infrastructure.scanning.images import image_size
from flowloom.repository.infrastructure.scanning.yaml_lines import YamlSyntaxError, parse_yaml

METADATA_FILE = "ryax_metadata.yaml"
MAX_DIRECTORY_BYTES = 10**9
MAX_LOGO_PIXELS = 250
LOGO_EXTENSIONS = (".png", ".jpg", ".jpeg")
DEFAULT_LOGOS = ("logo.png", "logo.jpg")


def find_action_dirs(repo_root: Path) -> list[Path]:
    """Every directory holding ryax_metadata.yaml, outside .git and outside other actions."""
    found: list[Path] = []
    for current, dirs, files in os.walk(repo_root):
        if METADATA_FILE in files:
            found.append(Path(current))
            dirs.clear()
        else:
            dirs[:] = sorted(name for name in dirs if name != ".git")
    return sorted(found)


def scan_action_dir(
    repo_root: Path, action_dir: Path, max_bytes: int = MAX_DIRECTORY_BYTES
) -> ActionDefinition | list[ScanError]:
    """Validate one action directory; return its definition or every error found."""
    metadata = action_dir / METADATA_FILE
    relative = _relative(repo_root, metadata)
    if not metadata.is_file():
        return [ScanError(relative, None, None, f"missing {METADATA_FILE}")]
    try:
        document, locate = parse_yaml(metadata.read_text(encoding="utf-8"))
    except YamlSyntaxError as error:
        return [ScanError(relative, error.line, None, error.message)]
    except UnicodeDecodeError:
        return [ScanError(relative, None, None, f"{METADATA_FILE} is not UTF-8 text.")]
    result = validate_metadata(document, locate, relative)
    errors = list(result) if isinstance(result, list) else []
    kind = document.get("kind") if isinstance(document, dict) else None
    if isinstance(kind, str) and kind in KINDS:
        errors += _entry_errors(repo_root, action_dir, kind)
    spec = document.get("spec") if isinstance(document, dict) else None
    named_logo = spec.get("logo") if isinstance(spec, dict) else None
    errors += _logo_errors(repo_root, action_dir, named_logo, locate(("spec", "logo")), relative)
    errors += _size_errors(repo_root, action_dir, max_bytes)
    return errors if errors else result


def _relative(repo_root: Path, path: Path) -> str:
    return path.relative_to(repo_root).as_posix()


def _entry_errors(repo_root: Path, action_dir: Path, kind: str) -> list[ScanError]:
    entry = action_dir / ("ryax_run.py" if kind == "Source" else "ryax_handler.py")
    relative = _relative(repo_root, entry)
    if not entry.is_file():
        return [ScanError(relative, None, None, f"missing {entry.name} (required for a {kind})")]
    try:
        source = entry.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [ScanError(relative, None, None, f"{entry.name} is not UTF-8 text.")]
    return [ScanError(relative, line, None, message) for line, message in check_entry(kind, source)]


def _logo_errors(
    repo_root: Path, action_dir: Path, named: object, line: int | None, metadata: str
) -> list[ScanError]:
    if isinstance(named, str):
        if Path(named).is_absolute() or ".." in Path(named).parts:
            return []  # already rejected by validation; never look outside the action
        logo = action_dir / named
        if not logo.is_file():
            return [ScanError(metadata, line, "spec.logo", f"logo file '{named}' does not exist.")]
        field: str | None = "spec.logo"
    else:
        present = [action_dir / name for name in DEFAULT_LOGOS if (action_dir / name).is_file()]
        if not present:
            return []
        logo, field = present[0], None
    relative = _relative(repo_root, logo)
    if logo.suffix.lower() not in LOGO_EXTENSIONS:
        message = f"logo '{logo.name}' must be a png, jpg or jpeg file."
        return [ScanError(relative, None, field, message)]
    with logo.open("rb") as stream:
        size = image_size(stream)
    if size is None:
        return [ScanError(relative, None, field, f"logo '{logo.name}' is not a PNG or JPEG image.")]
    width, height = size
    if width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
        message = f"logo '{logo.name}' is {width}x{height} px; at most 250x250 px is allowed."
        return [ScanError(relative, None, field, message)]
    return []


def _size_errors(repo_root: Path, action_dir: Path, max_bytes: int) -> list[ScanError]:
    total = 0
    for current, _dirs, files in os.walk(action_dir):
        for name in files:
            total += os.lstat(os.path.join(current, name)).st_size
            if total > max_bytes:
                message = f"the action directory is larger than {max_bytes} bytes."
                return [ScanError(_relative(repo_root, action_dir), None, None, message)]
    return []
