"""Real action environments for runner tests: a venv with the wrapper + Ryax-format actions."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from flowloom.runner.infrastructure.deployer.process import ActionEnvironment

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def wrapper_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python environment with `flowloom-action-wrapper` installed, built once a session."""
    venv = tmp_path_factory.mktemp("wrapper") / "venv"
    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    subprocess.run([uv, "venv", "-q", str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"),
         str(ROOT / "action-wrapper")],
        check=True,
    )  # fmt: skip
    return venv


class ActionFactory:
    """Writes Ryax-format action directories next to the shared wrapper venv."""

    def __init__(self, root: Path, venv: Path) -> None:
        self.root, self.venv = root, venv

    def __call__(self, name: str, metadata: str, handler: str, entry: str = "ryax_handler.py"):
        env_root = self.root / name
        (env_root / "action").mkdir(parents=True)
        (env_root / "venv").symlink_to(self.venv)
        (env_root / "action" / "ryax_metadata.yaml").write_text(textwrap.dedent(metadata))
        (env_root / "action" / entry).write_text(textwrap.dedent(handler))
        return ActionEnvironment(env_root)


@pytest.fixture
def make_action(tmp_path: Path, wrapper_venv: Path) -> ActionFactory:
    return ActionFactory(tmp_path / "actions", wrapper_venv)
