"""Actions as a user keeps them: Ryax processors (metadata and handler) committed to a git
repository, for the tests that scan, build and run them."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

METADATA = """\
apiVersion: "ryax.tech/v2.0"
kind: Processor
spec:
  id: {id}
  human_name: {id} action
  type: python3
  version: "1.0"
  inputs: [{inputs}]
  outputs: [{outputs}]
"""


def io(name: str, io_type: str = "string") -> str:
    """One input or output of `METADATA`."""
    return f"{{name: {name}, human_name: {name}, help: the {name}, type: {io_type}}}"


def action(
    action_id: str, inputs: list[str], outputs: list[str], handler: str, requirements: str = ""
) -> dict[str, str]:
    """The files of one Ryax processor; IO items are `name` or `name:type`."""

    def items(names: list[str]) -> str:
        return ", ".join(io(*name.split(":")) for name in names)

    files = {
        "ryax_metadata.yaml": METADATA.format(
            id=action_id, inputs=items(inputs), outputs=items(outputs)
        ),
        "ryax_handler.py": textwrap.dedent(handler),
    }
    if requirements:
        files["requirements.txt"] = requirements
    return files


def git_repository(root: Path, actions: dict[str, dict[str, str]]) -> Path:
    """A git repository with one commit holding `actions/<id>/<file>` (a file name may hold
    directories: `pkg/setup.py`)."""
    root.mkdir(parents=True)
    for action_id, files in actions.items():
        directory = root / "actions" / action_id
        directory.mkdir(parents=True)
        for name, content in files.items():
            (directory / name).parent.mkdir(parents=True, exist_ok=True)
            (directory / name).write_text(content)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "actions"]):
        subprocess.run([*git, *command], check=True)  # noqa: S603 - git and our own arguments
    return root
