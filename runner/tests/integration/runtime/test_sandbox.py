"""Where wrappers run: the sandbox's network modes, the refusal without bwrap, and the plain
process an operator may allow instead (real wrappers, real bwrap and slirp4netns)."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from flowloom.runner.domain.errors import ActionStartFailed
from flowloom.runner.domain.invocation import Succeeded
from flowloom.runner.domain.values import IoSpec, IoType, IoValue
from flowloom.runner.infrastructure.deployer.launcher import SandboxPolicy, WrapperLauncher
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker
from flowloom.servicekit.sandbox import Bubblewrap, Network

from .support import RecordingLogSink, executed, processor, request

pytestmark = pytest.mark.integration

# Fetches each URL it is given; reports the body or the error, and who it runs as.
FETCH = """\
    import json, os, urllib.request

    def handle(inputs):
        seen = {}
        for url in json.loads(inputs["urls"]):
            try:
                seen[url] = urllib.request.urlopen(url, timeout=3).read().decode()
            except Exception as error:
                seen[url] = "failed: " + type(error).__name__
        env = json.dumps(sorted(os.environ))
        return {"seen": json.dumps(seen), "uid": os.getuid(), "env": env}
    """
FETCH_IO = {
    "inputs": (IoSpec("urls", IoType.STRING),),
    "outputs": (
        IoSpec("seen", IoType.STRING),
        IoSpec("uid", IoType.INTEGER),
        IoSpec("env", IoType.STRING),
    ),
}


class _Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"an API answered"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _outside_address() -> str:
    """This host's address on its network (not loopback): where an outside API is reached."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: only the route is looked up
        return str(probe.getsockname()[0])


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, str]]:
    """One HTTP server on loopback, one on the host's outside address."""
    started = []
    urls = {}
    for name, host in (("loopback", "127.0.0.1"), ("outside", _outside_address())):
        server = ThreadingHTTPServer((host, 0), _Answer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        urls[name] = f"http://{host}:{server.server_address[1]}/"
    yield urls
    for server in started:
        server.shutdown()


async def _fetch(make_processor, network: Network, urls: list[str]) -> dict[str, object]:
    launcher = WrapperLauncher(SandboxPolicy.detect(network))
    deployer = LocalActionDeployer(launcher=launcher)
    try:
        action = make_processor(f"fetch-{network}", FETCH, **FETCH_IO)
        inputs = {"urls": IoValue(IoType.STRING, json.dumps(urls))}
        outcome = await executed(deployer, action, request(inputs))
    finally:
        await deployer.close()
    assert isinstance(outcome, Succeeded), outcome
    return {**json.loads(str(outcome.outputs["seen"])), "uid": outcome.outputs["uid"]}


async def test_reaches_the_outside_but_not_the_hosts_loopback_when_isolated(
    make_processor, servers: dict[str, str]
) -> None:
    seen = await _fetch(make_processor, Network.ISOLATED, [servers["outside"], servers["loopback"]])
    assert seen[servers["outside"]] == "an API answered"
    assert str(seen[servers["loopback"]]).startswith("failed: ")
    assert seen["uid"] == 65534


async def test_reaches_nothing_when_the_network_is_none(
    make_processor, servers: dict[str, str]
) -> None:
    seen = await _fetch(make_processor, Network.NONE, [servers["outside"], servers["loopback"]])
    assert str(seen[servers["outside"]]).startswith("failed: ")
    assert str(seen[servers["loopback"]]).startswith("failed: ")


async def test_reaches_the_hosts_loopback_when_the_network_is_the_hosts(
    make_processor, servers: dict[str, str]
) -> None:
    seen = await _fetch(make_processor, Network.HOST, [servers["loopback"]])
    assert seen[servers["loopback"]] == "an API answered"


@pytest.fixture
async def no_bwrap_deployer(request: pytest.FixtureRequest) -> AsyncIterator[LocalActionDeployer]:
    policy = SandboxPolicy(tools=None, allow_unsandboxed=request.param)
    deployer = LocalActionDeployer(launcher=WrapperLauncher(policy), concurrency=4)
    yield deployer
    await deployer.close()


@pytest.mark.parametrize("no_bwrap_deployer", [False], indirect=True)
async def test_refuses_every_action_when_bwrap_is_missing_and_not_allowed(
    make_processor, no_bwrap_deployer: LocalActionDeployer
) -> None:
    with pytest.raises(ActionStartFailed) as refused:
        await no_bwrap_deployer.ensure(processor(make_processor("refused", FETCH, **FETCH_IO)))
    assert "bubblewrap (bwrap) is not installed" in refused.value.message
    assert "FLOWLOOM_RUNNER_ALLOW_UNSANDBOXED=1" in refused.value.message


@pytest.mark.parametrize("no_bwrap_deployer", [True], indirect=True)
async def test_runs_one_plain_process_at_a_time_with_the_allow_list_when_allowed(
    make_processor, no_bwrap_deployer: LocalActionDeployer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOWLOOM_RUNNER_VALUES_KEY", "must-not-leak")
    deployment = processor(make_processor("plain", FETCH, **FETCH_IO))
    first = await no_bwrap_deployer.ensure(deployment)
    second = asyncio.create_task(no_bwrap_deployer.ensure(deployment))
    done, _ = await asyncio.wait([second], timeout=0.5)
    assert not done  # they would share the host's /tmp: never side by side
    outcome = await GrpcActionInvoker(no_bwrap_deployer, RecordingLogSink()).execute(
        first, request({"urls": IoValue(IoType.STRING, "[]")})
    )
    await no_bwrap_deployer.release(first)
    await no_bwrap_deployer.release(await second)
    assert isinstance(outcome, Succeeded), outcome
    seen = set(json.loads(str(outcome.outputs["env"])))
    allowed = {"HOME", "LANG", "PATH", "PYTHONUNBUFFERED", "TMPDIR", "LC_CTYPE", "PWD"}
    assert {"HOME", "PATH", "TMPDIR"} <= seen <= allowed, seen  # not the runner's variables


def test_says_what_is_missing_for_an_isolated_network_without_slirp4netns() -> None:
    tools = Bubblewrap("/usr/bin/bwrap", setpriv="/usr/bin/setpriv", slirp4netns=None)
    problem = SandboxPolicy(tools, Network.ISOLATED).problem()
    assert problem is not None
    assert "slirp4netns is not installed" in problem
    assert SandboxPolicy(tools, Network.NONE).problem() is None


async def test_fails_the_start_with_its_reason_when_the_sandbox_cannot_be_made(
    make_processor,
) -> None:
    broken = Bubblewrap(
        "/bin/false", setpriv="/usr/bin/setpriv", slirp4netns="/usr/bin/slirp4netns"
    )
    deployer = LocalActionDeployer(launcher=WrapperLauncher(SandboxPolicy(broken, Network.NONE)))
    try:
        with pytest.raises(ActionStartFailed, match="bwrap did not start the sandbox"):
            await deployer.ensure(processor(make_processor("unmade", FETCH, **FETCH_IO)))
    finally:
        await deployer.close()


POOL = """\
    import multiprocessing

    def square(n):
        return n * n

    def handle(inputs):
        with multiprocessing.get_context("fork").Pool(2) as pool:
            return {"squares": str(pool.map(square, range(4)))}
    """


async def test_runs_an_action_using_a_process_pool(make_processor) -> None:
    """multiprocessing's locks live in /dev/shm: the sandbox has its own, writable."""
    deployer = LocalActionDeployer(launcher=WrapperLauncher(SandboxPolicy.detect(Network.NONE)))
    try:
        action = make_processor("pool", POOL, outputs=(IoSpec("squares", IoType.STRING),))
        outcome = await executed(deployer, action)
    finally:
        await deployer.close()
    assert isinstance(outcome, Succeeded), outcome
    assert outcome.outputs["squares"] == "[0, 1, 4, 9]"
