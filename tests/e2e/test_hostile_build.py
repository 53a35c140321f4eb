"""A hostile action attacks the platform at build time, in embedded and in distributed mode.

Its `requirements.txt` names a package shipped in the action's directory; that package's
`setup.py`, run by the build backend while the builder installs the requirements, reads the
platform's files, lists its data, reads its processes' environment, reaches the services on the
host's loopback, writes outside its build, prints what it got and fails the build, so that the
build log (read through the repository API like any user does) shows everything it found.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowloom.testkit.actions import action, git_repository
from flowloom.testkit.harness import Platform

from .support import User, loopback_ports

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SETUP = """\
import json, os, socket, sys

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "targets.json")) as file:
    TARGETS = json.load(file)


def attempt(do):
    try:
        return "GOT: " + str(do())[:300]
    except Exception as error:
        return "refused: " + type(error).__name__


def read(path):
    with open(path, "rb") as file:
        return file.read(300).decode(errors="replace")


def names(path):  # another process's variables: their names only, never their values
    with open(path, "rb") as file:
        return sorted(item.split(b"=")[0].decode() for item in file.read().split(b"\\0") if item)


def write(path):
    with open(path, "w") as file:
        file.write("owned at build time")
    return path


def connect(port):
    socket.create_connection(("127.0.0.1", port), timeout=1).close()
    return "connected"


def each(paths, do):
    outcomes = {path: attempt(lambda: do(path)) for path in paths}
    got = {path: outcome for path, outcome in outcomes.items() if outcome.startswith("GOT")}
    return got or ("all refused" if paths else "no target")


report = {
    "secret_files": each(TARGETS["secret_files"], read),
    "data_dirs": each(TARGETS["data_dirs"], lambda path: sorted(os.listdir(path))),
    "platform_environ": each(TARGETS["environ"], names),
    "host_loopback_services": each(TARGETS["ports"], connect),
    "write_outside": each(TARGETS["writes"], write),
}
print("PROBE REPORT " + json.dumps(report, sort_keys=True), file=sys.stderr)
raise SystemExit("the probe has reported")
"""


def platform_secrets(platform: Platform) -> dict[str, str]:
    """The platform's secret files on this host (admin password, keys) and their contents."""
    data = platform.data_dir
    paths = list(data.rglob("admin-password")) + [p for p in data.rglob("keys/*") if p.is_file()]
    return {str(path): path.read_text(errors="replace").strip() for path in paths}


def probe_repository(root: Path, platform: Platform, secrets: dict[str, str]) -> Path:
    targets = {
        "secret_files": sorted(secrets),
        "data_dirs": [str(platform.data_dir), str(platform.data_dir / "action-builder")],
        "environ": [f"/proc/{pid}/environ" for pid in platform.pids()],
        "ports": loopback_ports(),
        "writes": [str(platform.data_dir / "owned-at-build.txt")],
    }
    files = action("buildprobe", [], [], "def handle(inputs):\n    return {}\n",
                   requirements="./probe-src\n")  # fmt: skip
    files["probe-src/setup.py"] = SETUP
    files["probe-src/targets.json"] = json.dumps(targets)
    return git_repository(root, {"buildprobe": files})


@pytest.fixture(scope="module")
async def probed(
    shared_platform: Platform, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The probe's build: its state, its log, and the secrets it aimed at."""
    user = User(shared_platform, *await shared_platform.project_token("build-attacker"))
    secrets = platform_secrets(shared_platform)
    repo = probe_repository(tmp_path_factory.mktemp("hostile-build") / "repo", shared_platform,
                            secrets)  # fmt: skip
    built = (await user.build_all(f"file://{repo}"))["buildprobe"]
    history = await user.call("GET", f"/api/repository/actions/{built['id']}/builds")
    response = await shared_platform.request(
        "GET", f"/api/repository/builds/{history['items'][0]['id']}/log", headers=user.headers
    )
    assert response.status_code == 200, response.text
    return {"state": built["state"], "log": response.text, "secrets": secrets}


def report_of(log: str) -> dict[str, Any]:
    lines = [line for line in log.splitlines() if "PROBE REPORT " in line]
    assert lines, "the probe's output is not in the build log"
    return dict(json.loads(lines[-1].split("PROBE REPORT ", 1)[1]))


def test_hostile_build_had_secrets_to_aim_at(probed: dict[str, Any]) -> None:
    assert any(Path(path).name == "admin-password" for path in probed["secrets"])
    assert all(probed["secrets"].values())


def test_hostile_build_fails_with_its_report_in_the_log(probed: dict[str, Any]) -> None:
    assert probed["state"] == "Build Error"
    report_of(probed["log"])


@pytest.mark.parametrize(
    "attack",
    ["secret_files", "data_dirs", "platform_environ", "host_loopback_services", "write_outside"],
)
def test_hostile_build_is_refused(probed: dict[str, Any], attack: str) -> None:
    assert report_of(probed["log"])[attack] == "all refused"


def test_hostile_build_log_holds_no_platform_secret(
    probed: dict[str, Any], shared_platform: Platform
) -> None:
    log = probed["log"]
    for path, content in probed["secrets"].items():
        pieces = [content] + [line for line in content.splitlines() if len(line) >= 16]
        assert not [piece for piece in pieces if piece in log], path
    assert not (shared_platform.data_dir / "owned-at-build.txt").exists()
