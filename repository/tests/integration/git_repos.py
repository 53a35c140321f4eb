"""Builds real git repositories with the git CLI for the scan tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

HANDLER = "def handle(inputs):\n    return {}\n"
RUN = "async def run(service, input_values):\n    pass\n"


def metadata(kind: str, action_id: str, api_version: str = "ryax.tech/v2.0") -> str:
    return (
        f'apiVersion: "{api_version}"\nkind: {kind}\nspec:\n  id: {action_id}\n'
        f'  human_name: Action {action_id}\n  type: python3\n  version: "1.0"\n'
    )


def write_action(root: Path, relative: str, kind: str, action_id: str, **options: str) -> Path:
    action = root / relative
    action.mkdir(parents=True, exist_ok=True)
    (action / "ryax_metadata.yaml").write_text(metadata(kind, action_id, **options))
    entry, source = ("ryax_run.py", RUN) if kind == "Source" else ("ryax_handler.py", HANDLER)
    (action / entry).write_text(source)
    return action


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, timeout=30
    )
    return done.stdout.strip()


def init_repo(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "--quiet", "-b", "main")
    git(repo, "config", "user.name", "Flowloom Test")
    git(repo, "config", "user.email", "test@flowloom.invalid")
    git(repo, "config", "commit.gpgsign", "false")


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def one_action_repo(repo: Path, relative: str, action_id: str, message: str = "first") -> str:
    """A new repository whose one commit (its sha answered) holds one Processor action."""
    init_repo(repo)
    write_action(repo, relative, "Processor", action_id)
    return commit_all(repo, message)
