"""How a build's sandbox is composed: what it sees, its environment, its network, its user
(the bwrap command line, without running it), and what a host lacking tools is told."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flowloom.action_builder.infrastructure.environment.sandbox import (
    BuildSandbox,
    PlainBuild,
    SandboxedBuild,
)
from flowloom.servicekit.sandbox import Bubblewrap, Network

pytestmark = pytest.mark.integration
TOOLS = Bubblewrap("/usr/bin/bwrap", setpriv="/usr/bin/setpriv", slirp4netns="/usr/bin/slirp4netns")


@pytest.fixture
def host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A data dir with a build's directory, a project's cache, uv, an interpreter, a wheel;
    the builder's environment holding secrets and uv settings."""
    data = tmp_path / "data"
    (data / "work" / "b1" / "action").mkdir(parents=True)
    (data / "work" / "b1" / "action" / "requirements.txt").write_text("six\n")
    python = tmp_path / "python" / "bin" / "python3.11"
    (tmp_path / "python" / "lib" / "python3.11").mkdir(parents=True)
    (tmp_path / "python" / "lib" / "python3.11" / "os.py").write_text("")
    python.parent.mkdir()
    python.write_text("")
    (tmp_path / "config" / "uv").mkdir(parents=True)
    (tmp_path / "config" / "uv" / "uv.toml").write_text("")
    wheel = data / "builder" / "wrapper" / "v1" / "flowloom_action_wrapper-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir(parents=True)
    wheel.write_text("")
    (tmp_path / "ca.pem").write_text("")
    for name in [n for n in os.environ if n.startswith("UV_") or n.startswith("SSL_CERT")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    monkeypatch.setenv("UV_INDEX_URL", "https://index.example/simple")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    for secret in ("FLOWLOOM_ACTION_BUILDER_S3_SECRET_KEY", "AWS_SECRET_ACCESS_KEY",
                   "MINIO_ROOT_PASSWORD", "DATABASE_PASSWORD"):  # fmt: skip
        monkeypatch.setenv(secret, "must-not-leak")
    return {"data": data, "work": data / "work" / "b1", "python": python, "wheel": wheel,
            "cache": data / "projects" / "p1" / "uv-cache", "uv": tmp_path / "uv",
            "root": tmp_path}  # fmt: skip


def enter(host: dict[str, Path], sandbox: BuildSandbox) -> SandboxedBuild | PlainBuild:
    paths = [host[name] for name in ("work", "cache", "uv", "python", "wheel")]
    return sandbox.enter(*paths)


def test_sees_only_its_build_its_project_cache_and_its_tools_when_sandboxed(
    host: dict[str, Path],
) -> None:
    box = enter(host, BuildSandbox(TOOLS))
    assert isinstance(box, SandboxedBuild)
    work, root = host["work"], host["root"]
    assert {(str(b.source), b.target, b.writable) for b in box.spec.binds} == {
        (str(work), "/flowloom/build", True),
        (str(work / "tmp"), "/tmp", True),
        (str(work / "shm"), "/dev/shm", True),
        (str(host["cache"]), "/flowloom/uv-cache", True),
        (str(host["uv"]), "/flowloom/bin/uv", False),
        (str(host["wheel"]), f"/flowloom/wrapper/{host['wheel'].name}", False),
        (str(root / "python"), str(root / "python"), False),
        (str(root / "config" / "uv" / "uv.toml"), "/flowloom/config/uv/uv.toml", False),
        (str(root / "ca.pem"), str(root / "ca.pem"), False),
    }
    arguments = TOOLS.arguments(box.spec, ["/flowloom/bin/uv", "pip", "install"])
    for flag in ("--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv"):
        assert flag in arguments
    assert "--reuid=65534" in arguments if os.geteuid() == 0 else "65534" in arguments
    seen = [a for a in arguments if a.startswith(str(host["data"]))]
    assert all(a.startswith((str(work), str(host["cache"]), str(host["wheel"]))) for a in seen)


def test_gets_only_the_allowed_variables_when_sandboxed(host: dict[str, Path]) -> None:
    box = enter(host, BuildSandbox(TOOLS))
    assert isinstance(box, SandboxedBuild)
    assert dict(box.spec.environment) == {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "UV_INDEX_URL": "https://index.example/simple",
        "HTTPS_PROXY": "http://proxy.example:3128",
        "SSL_CERT_FILE": str(host["root"] / "ca.pem"),
        "UV_CACHE_DIR": "/flowloom/uv-cache",
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_PROGRESS": "1",
        "NO_COLOR": "1",
        "XDG_CONFIG_HOME": "/flowloom/config",
    }


@pytest.mark.skipif(os.geteuid() != 0, reason="only root gives directories to another user")
def test_gives_the_build_and_its_cache_to_the_build_user_when_root(
    host: dict[str, Path],
) -> None:
    enter(host, BuildSandbox(TOOLS, uid=4242, gid=4343))
    for path in (host["work"], host["work"] / "action" / "requirements.txt", host["cache"]):
        assert (path.stat().st_uid, path.stat().st_gid) == (4242, 4343), path
    assert host["data"].stat().st_uid == 0  # the data dir itself stays the builder's


def test_names_paths_as_the_sandbox_sees_them(host: dict[str, Path]) -> None:
    box = enter(host, BuildSandbox(TOOLS))
    requirements = host["work"] / "action" / "requirements.txt"
    assert box.path(requirements) == "/flowloom/build/action/requirements.txt"
    assert box.path(host["work"]) == "/flowloom/build"
    assert box.path(host["wheel"]) == f"/flowloom/wrapper/{host['wheel'].name}"
    with pytest.raises(ValueError, match="not visible"):
        box.path(host["data"] / "builder")


def test_shares_the_hosts_network_only_when_configured(host: dict[str, Path]) -> None:
    for network, unshared in ((Network.HOST, False), (Network.NONE, True)):
        box = enter(host, BuildSandbox(TOOLS, network))
        assert isinstance(box, SandboxedBuild)
        assert ("--unshare-net" in TOOLS.arguments(box.spec, ["true"])) is unshared


def test_runs_plain_with_the_allow_list_when_bwrap_is_missing_and_allowed(
    host: dict[str, Path],
) -> None:
    box = enter(host, BuildSandbox(tools=None, allow_unsandboxed=True))
    assert isinstance(box, PlainBuild)
    assert box.path(host["work"] / "venv") == str(host["work"] / "venv")
    assert not [name for name in box.env if "SECRET" in name or "PASSWORD" in name]
    assert box.env["HOME"] == str(host["work"] / "tmp")


def test_says_what_to_install_when_the_host_lacks_a_tool() -> None:
    no_bwrap = BuildSandbox(tools=None).problem()
    assert no_bwrap is not None
    assert "bubblewrap (bwrap) is not installed" in no_bwrap
    assert "FLOWLOOM_ACTION_BUILDER_ALLOW_UNSANDBOXED=1" in no_bwrap
    assert BuildSandbox(tools=None, allow_unsandboxed=True).problem() is None
    no_slirp = Bubblewrap("/usr/bin/bwrap", setpriv="/usr/bin/setpriv", slirp4netns=None)
    assert "slirp4netns is not installed" in str(BuildSandbox(no_slirp).problem())
    assert BuildSandbox(no_slirp, Network.NONE).problem() is None
