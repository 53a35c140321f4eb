"""Which host paths a sandbox sees already, and how a Python installation is made visible."""

from __future__ import annotations

from pathlib import Path

from flowloom.servicekit.sandbox import Bind, python_installation, visible


def installation(root: Path) -> Path:
    """A Python installation's landmarks under `root`; its interpreter."""
    (root / "lib" / "python3.11").mkdir(parents=True)
    (root / "lib" / "python3.11" / "os.py").write_text("")
    (root / "bin").mkdir()
    interpreter = root / "bin" / "python3.11"
    interpreter.write_text("")
    return interpreter


def test_binds_the_installation_read_only_when_it_lives_outside_the_system(
    tmp_path: Path,
) -> None:
    interpreter = installation(tmp_path / "versions" / "3.11.7")
    prefix = tmp_path / "versions" / "3.11.7"
    assert python_installation(interpreter) == [Bind(prefix, str(prefix))]
    assert python_installation(interpreter.parent) == [Bind(prefix, str(prefix))]  # a home


def test_binds_the_link_target_installation_when_the_interpreter_is_a_link(
    tmp_path: Path,
) -> None:
    interpreter = installation(tmp_path / "opt" / "python")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python3").symlink_to(interpreter)
    prefix = tmp_path / "opt" / "python"
    assert python_installation(tmp_path / "bin" / "python3") == [Bind(prefix, str(prefix))]


def test_binds_nothing_when_the_system_view_shows_the_interpreter() -> None:
    assert python_installation(Path("/usr/local/bin/python3.99")) == []
    assert python_installation(Path("/usr/bin/python3.99")) == []


def test_sees_system_software_and_listed_etc_entries_but_not_the_rest() -> None:
    assert visible(Path("/usr/lib/x"))
    assert visible(Path("/etc/ssl/certs/ca-certificates.crt"))
    assert not visible(Path("/etc/shadow"))
    assert not visible(Path("/etc/uv/uv.toml"))
    assert not visible(Path("/root/.pyenv"))
    assert not visible(Path("/usrx"))
