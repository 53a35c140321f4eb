"""What the platform end-to-end tests share: actions, a user, the `flowloom` command, the
platform."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.testkit import testing
from flowloom.testkit.actions import action
from flowloom.testkit.harness import (
    DistributedPlatform,
    EmbeddedPlatform,
    Platform,
    require_distributed,
)

# The simplest action: no requirement, a text in, a text out.
GREET = action(
    "greet", ["name"], ["greeting"],
    "def handle(inputs):\n    return {'greeting': 'hello ' + inputs['name']}\n",
)  # fmt: skip
# Signs a text with a key (a project secret) and writes it to a file under a label.
SIGN = action(
    "sign", ["text", "key:password", "label"], ["signed:file"],
    """\
    import hashlib


    def handle(inputs):
        signature = hashlib.sha256((inputs["key"] + inputs["text"]).encode()).hexdigest()
        with open("/tmp/signed.txt", "w") as out:
            out.write(f"{inputs['label']}: {inputs['text']} [{signature[:12]}]")
        print("signed with the project key")
        return {"signed": "/tmp/signed.txt"}
    """,
)  # fmt: skip


def signed(key: str, label: str, text: str) -> str:
    """What `SIGN` writes for `text` signed with `key` under `label`."""
    signature = hashlib.sha256((key + text).encode()).hexdigest()[:12]
    return f"{label}: {text} [{signature}]"


def loopback_ports() -> list[int]:
    """Every TCP port this host listens on at its loopback addresses (from /proc/net)."""
    ports = set()
    for table, loopback in (("tcp", "0100007F"), ("tcp6", "00000000000000000000000001000000")):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port = local.split(":")
            if state == "0A" and address == loopback:  # LISTEN
                ports.add(int(port, 16))
    return sorted(ports)


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


@dataclass(frozen=True)
class Outcome:
    """What a command printed and its exit code."""

    command: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __str__(self) -> str:
        return (
            f"$ {' '.join(self.command)}\n-> exit {self.code}\n"
            f"stdout:\n{self.stdout}\nstderr:\n{self.stderr}"
        )


def program(name: str) -> str:
    """A console script of this environment (`flowloom`, `flowloom-adm`), as a user runs it."""
    path = Path(sys.executable).parent / name
    assert path.exists(), f"{name} is not installed next to {sys.executable}"
    return str(path)


async def run_program(
    command: list[str], *, input: str | None = None, env: dict[str, str] | None = None,
    limit_seconds: float = 900,
) -> Outcome:  # fmt: skip
    """A subprocess that does not block the event loop (the embedded platform serves from it)."""
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    try:
        out, err = await asyncio.wait_for(
            process.communicate(None if input is None else input.encode()), limit_seconds
        )
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(
            f"{' '.join(command)}: still running after {limit_seconds} s"
        ) from None
    assert process.returncode is not None
    return Outcome(tuple(command), process.returncode, out.decode(), err.decode())


class Flowloom:
    """The `flowloom` command of a user whose configuration file is `config`."""

    def __init__(self, config: Path) -> None:
        self.config = config
        # Wide enough that rich never wraps a table cell (URLs, ids) in what the tests read.
        self.env = {"FLOWLOOM_CONFIG": str(config), "COLUMNS": "250", "NO_COLOR": "1"}

    async def __call__(self, *args: str, input: str | None = None, ok: bool = True) -> Outcome:
        """Run `flowloom ARGS`; with `ok` (default) it must exit 0."""
        began = time.monotonic()
        outcome = await run_program([program("flowloom"), *args], input=input, env=self.env)
        # Shown by pytest when a test fails: what ran, how long it took.
        print(f"flowloom {' '.join(args)} -> {outcome.code} ({time.monotonic() - began:.1f} s)")
        if ok:
            assert outcome.code == 0, str(outcome)
        return outcome

    async def json(self, *args: str, input: str | None = None) -> Any:
        """`flowloom ARGS --json`, parsed."""
        return (await self(*args, "--json", input=input)).json()


def one_line_error(outcome: Outcome, *fragments: str, code: int = 1) -> None:
    """A failure as users must see it: exit `code`, one line on stderr, no traceback."""
    assert outcome.code == code, str(outcome)
    assert "Traceback" not in outcome.stderr, str(outcome)
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, str(outcome)
    assert lines[0].startswith("flowloom: error: "), str(outcome)
    for fragment in fragments:
        assert fragment.lower() in outcome.stderr.lower(), str(outcome)


@asynccontextmanager
async def started(mode: str, data_dir: Path, s3: S3Endpoint) -> AsyncIterator[Platform]:
    platform: EmbeddedPlatform | DistributedPlatform
    if mode == "embedded":
        platform = EmbeddedPlatform(data_dir)
    else:
        require_distributed()
        platform = DistributedPlatform(data_dir, s3)
    async with platform:
        yield platform


MODES = pytest.mark.parametrize("mode", ["embedded", "distributed"])
