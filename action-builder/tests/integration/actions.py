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
"""An in-tree PEP 517 backend that takes its time: while it builds, a process whose command
line holds TOKEN sleeps (up to HOLD s); the build goes on once that process has ended."""
import base64, hashlib, os, subprocess, sys, zipfile

NAME = {name!r}
TOKEN = {token!r}
HOLD = {hold!r}


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    subprocess.run([sys.executable, "-c", "import sys, time; time.sleep(float(sys.argv[1]))",
                    str(HOLD), TOKEN])
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


def slow_package(action: Path, name: str, token: str, *, hold: float) -> str:
    """A package inside `action` (its requirement line returned) whose build waits until a
    process with `token` in its command line has ended (killed, or after `hold` s)."""
    directory = action / f"{name}-src"
    directory.mkdir(parents=True)
    (directory / "pyproject.toml").write_text(PYPROJECT.format(name=name))
    (directory / "slow_backend.py").write_text(BACKEND.format(name=name, token=token, hold=hold))
    return f"./{name}-src\n"


def processes_with(token: str) -> list[int]:
    """Host pids of the live processes whose command line holds `token` (sandboxed included)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().split(") ", 1)[1][:1]
        except OSError:
            continue
        if token.encode() in cmdline.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found
