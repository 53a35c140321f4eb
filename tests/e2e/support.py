"""What the platform end-to-end tests share: git repositories of actions, a user, the platform."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from flowloom.adm.harness import (
    DistributedPlatform,
    EmbeddedPlatform,
    Platform,
    require_distributed,
)
from flowloom.servicekit import testing
from flowloom.servicekit.seaweed import S3Endpoint

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
    """A git repository with one commit holding `actions/<id>/<file>`."""
    root.mkdir(parents=True)
    for action_id, files in actions.items():
        directory = root / "actions" / action_id
        directory.mkdir(parents=True)
        for name, content in files.items():
            (directory / name).write_text(content)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "actions"], check=True)
    return root


class User:
    """A project owner talking to the platform over HTTP like the web UI or the CLI would."""

    def __init__(self, platform: Platform, project_id: str, token: str) -> None:
        self.platform, self.project_id = platform, project_id
        self.headers = {"Authorization": f"Bearer {token}"}

    async def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        response = await self.platform.request(method, path, headers=self.headers, **kwargs)
        assert response.status_code == expect, response.text
        return response.json() if response.content else None

    async def until(self, path: str, field: str, wanted: set[str], within: float = 300) -> Any:
        """GET `path` until `field` is one of `wanted` (a 404 means: not there yet)."""
        found: dict[str, Any] = {}

        async def reached() -> bool:
            response = await self.platform.request("GET", path, headers=self.headers)
            if response.status_code == 404:
                return False
            assert response.status_code == 200, response.text
            found.update(response.json())
            return found.get(field) in wanted

        await testing.eventually(reached, within=within, step=0.2)
        return found

    async def build_all(self, url: str) -> dict[str, dict[str, Any]]:
        """Add the git source, scan it, build every action: the built actions by name."""
        source = await self.call(
            "POST", "/api/repository/sources", 201, json={"name": "mine", "url": url}
        )
        scan = await self.call(
            "POST", f"/api/repository/sources/{source['id']}/scans", 202, json={}
        )
        scan = await self.until(f"/api/repository/scans/{scan['id']}", "state", {"Done", "Failed"})
        assert scan["state"] == "Done", scan
        await self.call("POST", f"/api/repository/sources/{source['id']}/builds", 202)
        listed = await self.call(
            "GET", "/api/repository/actions", params={"source_id": source["id"]}
        )
        built = {}
        for found in listed["items"]:
            path = f"/api/repository/actions/{found['id']}"
            built[found["technical_name"]] = await self.until(
                path, "state", {"Built", "Build Error"}
            )
        return built


@asynccontextmanager
async def started(mode: str, data_dir: Path, s3: S3Endpoint) -> AsyncIterator[Platform]:
    platform: EmbeddedPlatform | DistributedPlatform
    if mode == "embedded":
        platform = EmbeddedPlatform(data_dir)
    else:
        require_distributed()
        platform = DistributedPlatform(data_dir, s3)
    await platform.start()
    try:
        yield platform
    finally:
        await platform.stop()


MODES = pytest.mark.parametrize("mode", ["embedded", "distributed"])
