"""Secret values never reach the log sink or the outcome, whatever a real handler prints."""

from __future__ import annotations

import pytest

from flowloom.runner.domain.invocation import Failed, Succeeded
from flowloom.runner.domain.values import IoSpec, IoType, IoValue
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker

from .support import processor, request

pytestmark = pytest.mark.integration

PASSWORD = "pw-heldout"
TOKEN = "tok-3f9a2c"
# Prints its inputs every way a handler may, then answers or fails with them.
ECHO = """\
    import json, os, sys

    def handle(inputs):
        print(inputs)
        print(json.dumps(inputs))
        print("password:", inputs["password"], file=sys.stderr)
        # One value split across two writes and two events (the wrapper cuts an unfinished
        # line at 64 KiB).
        sys.stdout.write("x" * (64 * 1024 - 5) + inputs["token"])
        sys.stdout.write(" and on\\n")
        os.system("echo from a subprocess: " + inputs["token"])
        if inputs["text"] == "fail":
            raise ValueError("bad password " + inputs["password"])
        return {"said": "said " + inputs["text"] + " with " + inputs["token"], "plain": "ok"}
    """
INPUTS = (
    IoSpec("text", IoType.STRING),
    IoSpec("password", IoType.PASSWORD),
    IoSpec("token", IoType.STRING),
)
OUTPUTS = (IoSpec("said", IoType.STRING), IoSpec("plain", IoType.STRING))


def inputs(text: str) -> dict[str, IoValue]:
    return {
        "text": IoValue(IoType.STRING, text),
        "password": IoValue(IoType.PASSWORD, PASSWORD),
        "token": IoValue(IoType.STRING, TOKEN, secret=True),  # bound to a project secret
    }


async def test_masks_passwords_and_secrets_when_the_handler_prints_its_inputs(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker, logs
) -> None:
    handle = await deployer.ensure(
        processor(make_processor("echo", ECHO, inputs=INPUTS, outputs=OUTPUTS))
    )
    execution = request(inputs("hello"))
    outcome = await invoker.execute(handle, execution)
    failing = request(inputs("fail"))
    failed = await invoker.execute(handle, failing)
    await deployer.release(handle)

    lines = [(line.stream, line.line) for line in logs.lines(execution.execution_id)]
    assert lines[:3] == [
        ("stdout", "{'text': 'hello', 'password': '***', 'token': '***'}"),
        ("stdout", '{"text": "hello", "password": "***", "token": "***"}'),
        ("stderr", "password: ***"),
    ]
    assert lines[3] == ("stdout", "x" * (64 * 1024 - 5) + "***")
    assert lines[4:] == [("stdout", "*** and on"), ("stdout", "from a subprocess: ***")]
    assert outcome == Succeeded(
        {"said": f"said hello with {TOKEN}", "plain": "ok"}, masked=frozenset({"said"})
    )
    assert isinstance(failed, Failed)
    assert failed.message == "ValueError: bad password ***"
    assert "ryax_handler.py" in failed.traceback
    everything = str(logs.batches) + failed.message + failed.traceback
    assert PASSWORD not in everything
    assert TOKEN not in everything
    assert TOKEN[:5] not in everything  # nor the part before the cut
