"""Tiny Ryax-format actions for builder tests, and a local package that builds slowly."""

from __future__ import annotations

import io
import tarfile
import textwrap
from pathlib import Path

METADATA = """\
apiVersion: "ryax.tech/v2.0"
kind: Processor
spec:
  id: {name}
  human_name: {name}
  type: python3
  version: "1.0"
  inputs: []
  outputs:
    - name: answer
      human_name: Answer
      help: What the handler computed
      type: string
"""


def write_action(root: Path, name: str, handler: str, requirements: str | None = None) -> Path:
    directory = root / name
    directory.mkdir(parents=True)
    (directory / "ryax_metadata.yaml").write_text(METADATA.format(name=name))
    (directory / "ryax_handler.py").write_text(textwrap.dedent(handler))
    if requirements is not None:
        (directory / "requirements.txt").write_text(requirements)
    return directory


def archive_of(directory: Path) -> bytes:
    """tar.gz of the directory's content (names relative to it), as the repository sends."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path in sorted(directory.rglob("*")):
            tar.add(path, path.relative_to(directory).as_posix(), recursive=False)
    return buffer.getvalue()


BACKEND = '''\
"""An in-tree PEP 517 backend that takes its time: it records when it runs."""
import base64, hashlib, os, pathlib, time, zipfile

MARKERS = pathlib.Path({markers!r})
NAME = {name!r}
WAIT_FOR = {wait_for!r}
HOLD = {hold!r}


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    (MARKERS / (NAME + ".pid")).write_text(str(os.getpid()))
    (MARKERS / (NAME + ".start")).write_text(repr(time.time()))
    deadline = time.monotonic() + HOLD
    while time.monotonic() < deadline:
        if WAIT_FOR and all((MARKERS / (o + ".start")).exists() for o in WAIT_FOR):
            break
        time.sleep(0.05)
    (MARKERS / (NAME + ".end")).write_text(repr(time.time()))
    return _wheel(wheel_directory)


def _wheel(directory):
    info = NAME + "-1.0.dist-info"
    files = {{
        NAME + "/__init__.py": b"VALUE = 42\\n",
        info + "/METADATA": ("Metadata-Version: 2.1\\nName: %s\\nVersion: 1.0\\n" % NAME).encode(),
        info + "/WHEEL": (
            b"Wheel-Version: 1.0\\nGenerator: slow\\nRoot-Is-Purelib: true\\n"
            b"Tag: py3-none-any\\n"
        ),
    }}
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
    record.append(info + "/RECORD,,")
    files[info + "/RECORD"] = ("\\n".join(record) + "\\n").encode()
    filename = NAME + "-1.0-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(directory, filename), "w") as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
    return filename
'''

PYPROJECT = """\
[build-system]
requires = []
build-backend = "slow_backend"
backend-path = ["."]

[project]
name = "{name}"
version = "1.0"
"""


def slow_package(root: Path, name: str, markers: Path, *, wait_for: list[str], hold: float) -> Path:
    """A package whose build waits (up to `hold` s) until every package in `wait_for` has
    started building; it leaves `<name>.pid`, `.start` and `.end` in `markers`."""
    directory = root / f"{name}-src"
    directory.mkdir(parents=True)
    markers.mkdir(parents=True, exist_ok=True)
    (directory / "pyproject.toml").write_text(PYPROJECT.format(name=name))
    (directory / "slow_backend.py").write_text(
        BACKEND.format(markers=str(markers), name=name, wait_for=wait_for, hold=hold)
    )
    return directory
