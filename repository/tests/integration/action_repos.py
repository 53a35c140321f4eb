"""Real git repositories of Ryax-format actions: every kind and IO type, every scan error."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from ..io_metadata import every_io_type
from .git_repos import HANDLER, RUN, commit_all, init_repo


def png(width: int, height: int) -> bytes:
    """A real (tiny, transparent) PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x00" * 4 * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def full_metadata(kind: str, action_id: str, extra: str = "") -> str:
    """An action declaring one input and one output of every IO type."""
    lines = ['apiVersion: "ryax.tech/v2.0"', f"kind: {kind}", "spec:", f"  id: {action_id}"]
    lines += [f"  human_name: Full {kind}", "  type: python3", '  version: "2.1"']
    lines += ["  description: Uses every IO type.", "  categories: [demo, io]"]
    lines += ["  dependencies: [git]", '  options: {python: {version: "3.11"}}']
    lines += ["  resources: {cpu: 0.5, memory: 512M, time: 10m, gpu: 1}"]
    lines += ["  addons: {http: {port: 8080}}", *every_io_type("{direction} {io_type}")]
    return "\n".join(lines) + "\n" + extra


def small_metadata(kind: str, action_id: str, version: str = "1.0", extra: str = "") -> str:
    return (
        f'apiVersion: "ryax.tech/v2.0"\nkind: {kind}\nspec:\n  id: {action_id}\n'
        f'  human_name: Action {action_id}\n  type: python3\n  version: "{version}"\n{extra}'
    )


def put(root: Path, relative: str, files: dict[str, str | bytes]) -> None:
    action = root / relative
    action.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = action / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)


def valid_actions(root: Path) -> None:
    """A Processor (with a logo), a Publisher and a Source, each using every IO type."""
    put(
        root,
        "valid/processor",
        {
            "ryax_metadata.yaml": full_metadata("Processor", "full-processor"),
            "ryax_handler.py": HANDLER,
            "requirements.txt": "requests\n",
            "logo.png": png(16, 16),
        },
    )
    put(
        root,
        "valid/publisher",
        {
            "ryax_metadata.yaml": full_metadata("Publisher", "full-publisher"),
            "ryax_handler.py": HANDLER,
        },
    )
    put(
        root,
        "valid/source",
        {
            "ryax_metadata.yaml": full_metadata(
                "Source", "full-source", "  dynamic_outputs: true\n"
            ),
            "ryax_run.py": RUN,
        },
    )


SMALL = small_metadata
ERROR_ACTIONS: dict[str, dict[str, str | bytes]] = {
    "bad-yaml": {"ryax_metadata.yaml": "apiVersion: [unclosed\n", "ryax_handler.py": HANDLER},
    "v1": {
        "ryax_metadata.yaml": SMALL("Processor", "v-one").replace("v2.0", "v1"),
        "ryax_handler.py": HANDLER,
    },
    "unknown-key": {
        "ryax_metadata.yaml": SMALL("Processor", "unknown-key", extra="  colour: red\n"),
        "ryax_handler.py": HANDLER,
    },
    "bad-id": {"ryax_metadata.yaml": SMALL("Processor", "Bad_Id"), "ryax_handler.py": HANDLER},
    "bad-kind": {"ryax_metadata.yaml": SMALL("Trigger", "bad-kind"), "ryax_handler.py": HANDLER},
    "bad-type": {
        "ryax_metadata.yaml": SMALL("Processor", "bad-type").replace("python3", "cobol"),
        "ryax_handler.py": HANDLER,
    },
    "bad-resources": {
        "ryax_metadata.yaml": SMALL(
            "Processor", "bad-resources", extra="  resources: {cpu: 0.01, memory: 10K}\n"
        ),
        "ryax_handler.py": HANDLER,
    },
    "duplicate-io": {
        "ryax_metadata.yaml": SMALL(
            "Processor",
            "duplicate-io",
            extra="  inputs:\n"
            "    - {name: x, human_name: X, help: h, type: string}\n"
            "    - {name: x, human_name: X2, help: h, type: integer}\n",
        ),
        "ryax_handler.py": HANDLER,
    },
    "dynamic-processor": {
        "ryax_metadata.yaml": SMALL("Processor", "dynamic-proc", extra="  dynamic_outputs: true\n"),
        "ryax_handler.py": HANDLER,
    },
    "logo-missing": {
        "ryax_metadata.yaml": SMALL("Processor", "logo-missing", extra="  logo: icon.png\n"),
        "ryax_handler.py": HANDLER,
    },
    "logo-too-large": {
        "ryax_metadata.yaml": SMALL("Processor", "logo-large"),
        "ryax_handler.py": HANDLER,
        "logo.png": png(300, 300),
    },
    "logo-not-image": {
        "ryax_metadata.yaml": SMALL("Processor", "logo-gif", extra="  logo: logo.gif\n"),
        "ryax_handler.py": HANDLER,
        "logo.gif": b"GIF89a",
    },
    "syntax-error": {
        "ryax_metadata.yaml": SMALL("Processor", "syntax-error"),
        "ryax_handler.py": "def handle(inputs):\n    return {\n",
    },
    "no-handle": {
        "ryax_metadata.yaml": SMALL("Processor", "no-handle"),
        "ryax_handler.py": "def other(inputs):\n    return {}\n",
    },
    "no-run": {
        "ryax_metadata.yaml": SMALL("Source", "no-run"),
        "ryax_run.py": "def run(service, input_values):\n    pass\n",
    },
}


def error_actions(root: Path) -> None:
    for name, files in ERROR_ACTIONS.items():
        put(root, f"errors/{name}", files)


def catalogue_repo(root: Path) -> str:
    """Every valid kind and every scan error in one repository; returns the commit sha."""
    init_repo(root)
    valid_actions(root)
    error_actions(root)
    return commit_all(root, "catalogue")
