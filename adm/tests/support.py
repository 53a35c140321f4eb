"""What the adm tests share: the `flowloom-adm` command, `up` as a process, an HTTP user."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
import time
from pathlib import Path
from typing import Any

import httpx

from flowloom.testkit import actions, testing

HANDLER = """\
def handle(inputs):
    with open("/tmp/written.txt", "w") as out:
        out.write("kept: " + inputs["text"])
    print("wrote the file")
    return {"written": "/tmp/written.txt"}
"""

WORKFLOW = textwrap.dedent(
    """\
    apiVersion: flowloom.dev/v1
    kind: Workflow
    name: keep-a-file
    description: Write the input into a file.
    trigger:
      manual:
        outputs:
          - {name: text, type: string}
    steps:
      - id: write
        action: writer
        inputs:
          text: {ref: trigger.text}
    results:
      written: write.written
    """
)


def adm(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `flowloom-adm` as a user would; the caller checks the exit status."""
    command = shutil.which("flowloom-adm")
    assert command, "flowloom-adm is not installed"
    return subprocess.run(
        [command, *arguments],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def up(data_dir: Path, log: Path) -> tuple[testing.ServiceProcess, str]:
    """`flowloom-adm up` as its own process, healthy; returns it and its origin."""
    port = testing.free_port()
    command = shutil.which("flowloom-adm")
    assert command
    process = testing.ServiceProcess(
        [command, "up", "--data-dir", str(data_dir), "--port", str(port), "--log-level", "warning"],
        {},
        log,
    )
    origin = f"http://127.0.0.1:{port}"
    for service in ("authorization", "repository", "action-builder", "studio", "runner"):
        process.wait_healthy(f"{origin}/api/{service}/healthz")
    return process, origin


def git_repository(root: Path) -> Path:
    """A git repository with one action, `writer`, that writes its input into a file."""
    writer = actions.action("writer", ["text"], ["written:file"], HANDLER)
    return actions.git_repository(root, {"writer": writer})


class User:
    """An HTTP client logged in as the generated admin, in a project of its own."""

    def __init__(self, origin: str, data_dir: Path, project: str | None = None) -> None:
        self.client = httpx.Client(base_url=origin, timeout=60)
        password = (data_dir / "admin-password").read_text().strip()
        login = self.client.post(
            "/api/authorization/login", json={"username": "admin", "password": password}
        )
        assert login.status_code == 200, login.text
        self.headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        if project is None:
            project = self.call("POST", "/api/authorization/projects", 201, json={"name": "p"})[
                "id"
            ]
        switched = self.call("POST", "/api/authorization/me/project", json={"project_id": project})
        self.project = str(project)
        self.headers = {"Authorization": f"Bearer {switched['access_token']}"}

    def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        response = self.client.request(method, path, headers=self.headers, **kwargs)
        assert response.status_code == expect, (path, response.text)
        return response.json() if response.content else None

    def until(self, path: str, field: str, wanted: set[str], within: float = 300) -> Any:
        deadline = time.monotonic() + within
        while True:
            response = self.client.get(path, headers=self.headers)
            if response.status_code == 200 and response.json().get(field) in wanted:
                return response.json()
            assert time.monotonic() < deadline, (path, response.text)
            time.sleep(0.3)

    def until_listed(self, path: str, within: float = 60) -> list[Any]:
        """GET the list at `path` until it has items."""
        deadline = time.monotonic() + within
        while not (items := self.call("GET", path)["items"]):
            assert time.monotonic() < deadline, f"nothing at {path}"
            time.sleep(0.2)
        return list(items)

    def file(self, run: dict[str, Any], result: str) -> bytes:
        download = self.client.get(
            f"/api/runner/runs/{run['id']}/files",
            params={"key": run["results"][result]["value"]["key"]},
            headers=self.headers,
        )
        assert download.status_code == 307, download.text
        return httpx.get(download.headers["location"]).content

    def close(self) -> None:
        self.client.close()
