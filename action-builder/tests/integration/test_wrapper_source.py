"""Which action wrapper goes into environments, and what versions it for the cache."""

from __future__ import annotations

from pathlib import Path

from flowloom.action_builder.infrastructure.environment.wrapper import (
    DISTRIBUTION,
    locate_wrapper,
)

ROOT = Path(__file__).resolve().parents[3]


def test_finds_workspace_project_when_setting_is_empty() -> None:
    source = locate_wrapper("")
    assert source.directory == ROOT / "action-wrapper"
    assert source.install == str(ROOT / "action-wrapper")
    assert source.version().startswith("tree-sha256:")


def test_versions_directory_by_its_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname='w'\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "w.py").write_text("A = 1\n")
    source = locate_wrapper(str(tmp_path))
    before = source.version()
    (tmp_path / "src" / "__pycache__").mkdir()
    (tmp_path / "src" / "__pycache__" / "w.cpython-311.pyc").write_bytes(b"noise")
    assert source.version() == before
    (tmp_path / "src" / "w.py").write_text("A = 2\n")
    assert source.version() != before


def test_versions_wheel_by_its_digest(tmp_path: Path) -> None:
    wheel = tmp_path / "flowloom_action_wrapper-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"zip")
    source = locate_wrapper(str(wheel))
    assert source.install == str(wheel)
    assert source.version().startswith("sha256:")


def test_takes_requirement_as_is_when_not_a_path() -> None:
    source = locate_wrapper(f"{DISTRIBUTION}==0.1.0")
    assert (source.install, source.version()) == (
        f"{DISTRIBUTION}==0.1.0",
        f"{DISTRIBUTION}==0.1.0",
    )
