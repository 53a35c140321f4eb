"""Shell completion: the scripts `--show-completion` prints, and completing through them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FLOWLOOM = Path(sys.executable).parent / "flowloom"
# Typer finds the user's shell by its parent processes; here the test names it instead.
NAMED_SHELL = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}


def flowloom(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed `flowloom` script, as a shell runs it (no terminal, no configuration)."""
    return subprocess.run(
        [str(FLOWLOOM), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_show_completion_prints_a_script_for_the_shell(shell: str) -> None:
    shown = flowloom("--show-completion", shell, **NAMED_SHELL)
    assert shown.returncode == 0, shown.stderr
    assert "_FLOWLOOM_COMPLETE" in shown.stdout
    assert f"complete_{shell}" in shown.stdout


@pytest.mark.parametrize(
    ("shell", "script", "rc", "line"),
    [
        ("bash", ".bash_completions/flowloom.sh", ".bashrc", ".bash_completions/flowloom.sh"),
        ("zsh", ".zfunc/_flowloom", ".zshrc", "fpath+=~/.zfunc"),
    ],
)
def test_install_completion_sets_up_the_shell(
    tmp_path: Path, shell: str, script: str, rc: str, line: str
) -> None:
    installed = flowloom("--install-completion", shell, HOME=str(tmp_path), **NAMED_SHELL)
    assert installed.returncode == 0, installed.stderr
    assert "_FLOWLOOM_COMPLETE" in (tmp_path / script).read_text()
    assert line in (tmp_path / rc).read_text()


def test_completes_a_command_the_way_bash_asks() -> None:
    completed = flowloom(
        _FLOWLOOM_COMPLETE="complete_bash", COMP_WORDS="flowloom ru", COMP_CWORD="1"
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["runs"]
    options = flowloom(
        _FLOWLOOM_COMPLETE="complete_bash", COMP_WORDS="flowloom runs start --w", COMP_CWORD="3"
    )
    assert "--wait" in options.stdout.split()


def test_completes_a_command_the_way_zsh_asks() -> None:
    completed = flowloom(_FLOWLOOM_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="flowloom ru")
    assert completed.returncode == 0, completed.stderr
    assert '"runs"' in completed.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_sourced_in_bash_completes_flowloom(tmp_path: Path) -> None:
    script = tmp_path / "flowloom.bash"
    script.write_text(flowloom("--show-completion", "bash", **NAMED_SHELL).stdout)
    probe = (
        f"source {script}\n"
        "COMP_WORDS=(flowloom wor)\nCOMP_CWORD=1\n"
        "_flowloom_completion flowloom\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    path = f"{FLOWLOOM.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    shown = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path},
        timeout=60,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["workflows"]
