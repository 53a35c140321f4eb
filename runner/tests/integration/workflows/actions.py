"""Ryax-format fixture actions (metadata + code), written to disk as built environments."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..runtime import support


def _meta(kind: str, action_id: str, inputs: str = "[]", outputs: str = "[]") -> str:
    """The metadata the runtime tests give an action, with these inputs and outputs."""
    return (
        textwrap.dedent(support.metadata(action_id, kind))
        + f"  inputs: {inputs}\n  outputs: {outputs}\n"
    )


def _io(name: str, io_type: str, optional: bool = False) -> str:
    extra = ", optional: true" if optional else ""
    return f"{{name: {name}, human_name: {name}, help: {name}, type: {io_type}{extra}}}"


ACTIONS: dict[str, tuple[str, str, str]] = {
    # id: (metadata, entry file, code)
    "emit3": (
        _meta("Source", "emit3", outputs=f"[{_io('n', 'integer')}, {_io('text', 'string')}]"),
        "ryax_run.py",
        """
        import asyncio
        from ryax_execution.ryax_source_protocol import RyaxSourceProtocol

        async def run(service: RyaxSourceProtocol, input_values: dict) -> None:
            for n in range(1, 4):
                print(f"emitting run {n}")
                await service.create_run({"n": n, "text": f"event {n}"})
            await asyncio.Event().wait()
        """,
    ),
    "writer": (
        _meta("Processor", "writer", f"[{_io('text', 'string')}]", f"[{_io('outfile', 'file')}]"),
        "ryax_handler.py",
        """
        def handle(inputs):
            print("writing", inputs["text"])
            with open("/tmp/outfile.txt", "w") as f:
                f.write(inputs["text"].upper())
            return {"outfile": "/tmp/outfile.txt"}
        """,
    ),
    "reader": (
        _meta("Processor", "reader", f"[{_io('file', 'file')}]", f"[{_io('content', 'string')}]"),
        "ryax_handler.py",
        """
        import os, sys

        def handle(inputs):
            path = inputs["file"]
            print("reading", os.path.basename(path))
            print("to stderr", file=sys.stderr)
            with open(path) as f:
                return {"content": f.read()}
        """,
    ),
    "publish": (
        _meta("Publisher", "publish", f"[{_io('content', 'string')}]"),
        "ryax_handler.py",
        """
        async def handle(inputs):
            print("published:", inputs["content"])
        """,
    ),
    "flaky": (
        _meta(
            "Processor",
            "flaky",
            f"[{_io('failures', 'integer')}, {_io('marker', 'string')}]",
            f"[{_io('attempts', 'integer')}]",
        ),
        "ryax_handler.py",
        """
        import os

        def handle(inputs):
            path = inputs["marker"]
            count = int(open(path).read()) + 1 if os.path.exists(path) else 1
            with open(path, "w") as f:
                f.write(str(count))
            print(f"attempt {count} starts")
            if count <= inputs["failures"]:
                raise ValueError(f"attempt {count} fails")
            return {"attempts": count}
        """,
    ),
    "sleeper": (
        _meta("Processor", "sleeper", f"[{_io('seconds', 'float')}]", f"[{_io('slept', 'float')}]"),
        "ryax_handler.py",
        """
        import time

        def handle(inputs):
            print("sleeping", inputs["seconds"], flush=True)
            time.sleep(inputs["seconds"])
            return {"slept": inputs["seconds"]}
        """,
    ),
    "teapot": (
        _meta("Processor", "teapot", f"[{_io('text', 'string')}]"),
        "ryax_handler.py",
        """
        class RyaxException(Exception):
            def __init__(self, message, code):
                super().__init__(message)
                self.message, self.code = message, code

        def handle(inputs):
            raise RyaxException("I am a teapot", 418)
        """,
    ),
    "wrongtype": (
        _meta("Processor", "wrongtype", "[]", f"[{_io('count', 'integer')}]"),
        "ryax_handler.py",
        """
        def handle(inputs):
            return {"count": "not a number"}
        """,
    ),
    "keyed": (
        _meta("Processor", "keyed", f"[{_io('key', 'password')}]", f"[{_io('digest', 'string')}]"),
        "ryax_handler.py",
        """
        import hashlib

        def handle(inputs):
            print("using the key")
            return {"digest": hashlib.sha256(inputs["key"].encode()).hexdigest()}
        """,
    ),
    # Upstream-style echo: prints its inputs (one a password, one bound to a project secret)
    # every way a handler may, one of them split across two writes (two log events: the
    # wrapper cuts an unfinished line at 64 KiB), and says them back.
    "echo": (
        _meta(
            "Processor",
            "echo",
            f"[{_io('text', 'string')}, {_io('password', 'password')}, {_io('token', 'string')}]",
            f"[{_io('said', 'string')}]",
        ),
        "ryax_handler.py",
        """
        import json
        import sys

        def handle(inputs):
            print(inputs)
            print(json.dumps(inputs))
            print("password:", inputs["password"], file=sys.stderr)
            sys.stdout.write("x" * (64 * 1024 - 4) + inputs["token"])
            sys.stdout.write(" (split)\\n")
            return {"said": f"{inputs['text']} with {inputs['token']}"}
        """,
    ),
    # Says which build it is (a redeploy test writes a rebuilt copy saying another thing).
    "teller": (
        _meta("Processor", "teller", "[]", f"[{_io('build', 'string')}]"),
        "ryax_handler.py",
        """
        def handle(inputs):
            return {"build": "first build"}
        """,
    ),
    # Ryax's one-run: fires once and returns.
    "onerun": (
        _meta("Source", "onerun", outputs=f"[{_io('text', 'string')}]"),
        "ryax_run.py",
        """
        async def run(service, input_values):
            print("firing once", flush=True)
            await service.create_run({"text": "fired once"})
            print("done firing", flush=True)
        """,
    ),
    # A source that cannot start: it raises before asking for any run.
    "badstart": (
        _meta("Source", "badstart", outputs=f"[{_io('text', 'string')}]"),
        "ryax_run.py",
        """
        async def run(service, input_values):
            print("reading the configuration", flush=True)
            raise ValueError("no endpoint configured")
        """,
    ),
    # A source that fires once, then crashes when a file named `crash-now` appears next to it.
    "crashlater": (
        _meta("Source", "crashlater", outputs=f"[{_io('text', 'string')}]"),
        "ryax_run.py",
        """
        import asyncio
        from pathlib import Path

        async def run(service, input_values):
            await service.create_run({"text": "before the crash"})
            while not (Path(__file__).parent / "crash-now").exists():
                await asyncio.sleep(0.1)
            print("the feed broke", flush=True)
            raise ConnectionError("feed lost")
        """,
    ),
    "echosource": (
        _meta(
            "Source",
            "echosource",
            f"[{_io('password', 'password')}, {_io('label', 'string')}]",
            f"[{_io('text', 'string')}]",
        ),
        "ryax_run.py",
        """
        import asyncio
        import sys

        async def run(service, input_values):
            print(input_values, flush=True)
            print("the password is", input_values["password"], file=sys.stderr, flush=True)
            await service.create_run({"text": "sent with " + input_values["password"]})
            await service.create_run_error("refused " + input_values["password"])
            await asyncio.Event().wait()
        """,
    ),
}


def write_actions(root: Path, venv: Path) -> dict[str, Path]:
    """Each action as a built environment: `<root>/<id>/venv` → the wrapper venv, `action/`."""
    built = {}
    for action_id, (metadata, entry, code) in ACTIONS.items():
        env = root / action_id
        (env / "action").mkdir(parents=True)
        (env / "venv").symlink_to(venv)
        (env / "action" / "ryax_metadata.yaml").write_text(metadata)
        (env / "action" / entry).write_text(textwrap.dedent(code))
        built[action_id] = env
    return built
