"""Bad input anywhere in `flowloom`: one clear line on stderr, a non-zero exit, no traceback.

Against the real platform (embedded: the messages come from the services themselves), with
the CLI run as a subprocess exactly as a user runs it.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flowloom.testkit import testing
from flowloom.testkit.harness import EmbeddedPlatform

from .support import Flowloom, one_line_error

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

USAGE = 2


@pytest.fixture(scope="module")
async def platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[EmbeddedPlatform]:
    async with EmbeddedPlatform(tmp_path_factory.mktemp("cli-errors")) as started:
        yield started


@pytest.fixture(scope="module")
async def user(platform: EmbeddedPlatform, tmp_path_factory: pytest.TempPathFactory) -> Flowloom:
    """Logged in as admin, in a project of its own with no workflow."""
    flowloom = Flowloom(tmp_path_factory.mktemp("cli-errors-user") / "config.json")
    password = platform.admin_password() + "\n"
    await flowloom("login", platform.base_url(""), "--password-stdin", input=password)
    await flowloom("projects", "create", "errors")
    await flowloom("projects", "use", "errors")
    return flowloom


@pytest.fixture
def stranger(tmp_path: Path) -> Flowloom:
    """Someone who never logged in: no configuration file."""
    return Flowloom(tmp_path / "nowhere" / "config.json")


def closed_port() -> int:
    return testing.free_port()  # nothing listens there once the probe socket is closed


@pytest.mark.parametrize(
    "args",
    [
        ["workflows", "show", "no-such-workflow"],
        ["workflows", "deploy", "no-such-workflow", "--wait"],
        ["workflows", "export", "no-such-workflow", "-o", "x.zip"],
        ["runs", "start", "no-such-workflow", "-i", "name=Ada"],
        ["runs", "list", "--workflow", "no-such-workflow"],
    ],
)
async def test_an_unknown_workflow(user: Flowloom, args: list[str]) -> None:
    one_line_error(await user(*args, ok=False), "no workflow named 'no-such-workflow'")


async def test_an_unknown_run_and_repository(user: Flowloom) -> None:
    one_line_error(await user("runs", "show", "no-such-run", ok=False), "not found")
    one_line_error(
        await user("repos", "scan", "no-such-repo", ok=False), "no repository named 'no-such-repo'"
    )


async def test_importing_a_missing_file(user: Flowloom, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    one_line_error(
        await user("workflows", "import", str(missing), ok=False),
        f"cannot read {missing}",
        "no such file",
    )
    one_line_error(await user("workflows", "import", str(tmp_path), ok=False), "is a directory")


async def test_importing_binary_junk(user: Flowloom, tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\xff\xfe" + os.urandom(4096))
    outcome = await user("workflows", "import", str(junk), ok=False)
    one_line_error(outcome, "unreadable workflow file", "not UTF-8")


async def test_a_workflow_file_with_mistakes_names_the_line(user: Flowloom, tmp_path: Path) -> None:
    broken = tmp_path / "workflow.yaml"
    broken.write_text("apiVersion: flowloom.dev/v1\nkind: Workflow\nsteps: [{action: x}]\n")
    one_line_error(await user("workflows", "import", str(broken), ok=False), "workflow.yaml:")


async def test_a_workflow_file_with_mistakes_is_named_as_given(
    user: Flowloom, tmp_path: Path
) -> None:
    broken = tmp_path / "greet.yaml"
    broken.write_text("apiVersion: flowloom.dev/v1\nkind: Workflow\nsteps: [{action: x}]\n")
    outcome = await user("workflows", "import", str(broken), ok=False)
    one_line_error(outcome, f"{broken}:")
    assert "workflow.yaml" not in outcome.stderr, outcome.stderr


async def test_a_missing_file_input(user: Flowloom, tmp_path: Path) -> None:
    missing = tmp_path / "letter.txt"
    outcome = await user("runs", "start", "any", "--file", f"letter={missing}", ok=False)
    one_line_error(outcome, f"cannot read {missing}")


async def test_a_wrong_password(platform: EmbeddedPlatform, stranger: Flowloom) -> None:
    outcome = await stranger(
        "login", platform.base_url(""), "--username", "admin", "--password-stdin",
        input="not-the-password\n", ok=False,
    )  # fmt: skip
    one_line_error(outcome, "Unauthorized")
    assert not stranger.config.exists()


async def test_an_unknown_user(platform: EmbeddedPlatform, stranger: Flowloom) -> None:
    outcome = await stranger(
        "login", platform.base_url(""), "-u", "nobody", "--password-stdin", input="x\n", ok=False
    )
    one_line_error(outcome, "Unauthorized")


async def test_login_to_a_server_that_is_down(stranger: Flowloom) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    outcome = await stranger("login", url, "--password-stdin", input="secret\n", ok=False)
    one_line_error(outcome, f"cannot reach the Flowloom server at {url}: connection refused")


async def test_a_server_gone_after_login(user: Flowloom, tmp_path: Path) -> None:
    """The saved configuration names a server that no longer answers."""
    config = json.loads(user.config.read_text())
    url = f"http://127.0.0.1:{closed_port()}"
    moved = Flowloom(tmp_path / "config.json")
    moved.config.write_text(json.dumps({**config, "url": url}))
    for args in (["workflows", "list"], ["runs", "list"], ["whoami"]):
        one_line_error(await moved(*args, ok=False), f"cannot reach the Flowloom server at {url}")


async def test_login_to_something_that_is_not_a_url(stranger: Flowloom) -> None:
    outcome = await stranger("login", "127.0.0.1:8080", "--password-stdin", input="x\n", ok=False)
    one_line_error(outcome, "not an http(s) URL")


@pytest.mark.parametrize(
    "args",
    [
        ["workflows", "list"],
        ["runs", "start", "greet", "-i", "name=Ada"],
        ["repos", "add", "mine", "file:///tmp/nothing"],
        ["whoami"],
    ],
)
async def test_a_command_needing_login_without_a_configuration(
    stranger: Flowloom, args: list[str]
) -> None:
    one_line_error(await stranger(*args, ok=False), "not logged in", "flowloom login")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["runs", "start", "greet", "--input", "novalue"], "use NAME=VALUE"),
        (["runs", "start", "greet", "--input", "=3"], "use NAME=VALUE"),
        (["runs", "start", "greet", "--file", "letter"], "use NAME=VALUE"),
        (["runs", "list", "--limit", "many"], "--limit"),
        (["variables", "set", "retries", "three", "--type", "integer"], "not an integer"),
        (["workflows", "deploy"], "missing argument"),
        (["no-such-command"], "no such command"),
        (["runs", "start", "greet", "--no-such-option"], "no such option"),
    ],
)
async def test_malformed_arguments_are_usage_errors(
    user: Flowloom, args: list[str], fragment: str
) -> None:
    outcome = await user(*args, ok=False)
    one_line_error(outcome, fragment, "--help", code=USAGE)
