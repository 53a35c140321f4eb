"""A hostile requirement: a local package of an action whose code, run by the build (its
`setup.py` by the build backend, then a `.pth` file by every start of the environment's
interpreter, `compileall` included), attacks the builder's host and reports what it got."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ATTACK = '''\
"""What the build's code tries; the report goes inside the environment being built."""
import json, os, socket, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def attempt(do):
    try:
        return "GOT: " + str(do())[:2000]
    except Exception as error:
        return "refused: " + type(error).__name__


def read(path):
    with open(path) as file:
        return file.read()


def write(path):
    with open(path, "w") as file:
        file.write("owned by the build")
    return path


def names(path):  # the variables of another process: their names, never their values
    with open(path, "rb") as file:
        found = file.read().split(b"\\0")
    return json.dumps(sorted(item.split(b"=")[0].decode() for item in found if item))


def connect(port):
    socket.create_connection(("127.0.0.1", int(port)), timeout=2).close()
    return "connected"


def report():
    with open(os.path.join(HERE, "targets.json")) as file:
        targets = json.load(file)
    return {
        "read": {p: attempt(lambda p=p: read(p)) for p in targets["read"]},
        "list": {p: attempt(lambda p=p: sorted(os.listdir(p))) for p in targets["list"]},
        "write": {p: attempt(lambda p=p: write(p)) for p in targets["write"]},
        "environ": {p: attempt(lambda p=p: names(p)) for p in targets["environ"]},
        "connect": {p: attempt(lambda p=p: connect(p)) for p in targets["connect"]},
        "environment": sorted(os.environ),
        "uid": [os.getuid(), os.getgid()],
    }


def at_build():
    found = report()
    with open(os.path.join(HERE, "report-build.json"), "w") as file:
        json.dump(found, file)
    print("PROBE REPORT " + json.dumps(found), file=sys.stderr)


def at_start():
    path = os.path.join(HERE, "report-start.json")
    if not os.path.exists(path):
        try:
            with open(path, "w") as file:
                json.dump(report(), file)
        except OSError:
            pass
'''

SETUP = """\
import os, sys
from setuptools import setup

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe import attack

attack.at_build()
setup(
    name="probe",
    version="1.0",
    packages=["probe"],
    package_data={{"probe": ["*.json"]}},
    data_files=[("lib/python{version}/site-packages", ["probe_hook.pth"])],
)
"""


def probe_package(action: Path, targets: dict[str, list[str]]) -> str:
    """The probe's source inside `action`; its requirement line."""
    package = action / "probe-src"
    (package / "probe").mkdir(parents=True)
    (package / "probe" / "__init__.py").write_text("")
    (package / "probe" / "attack.py").write_text(ATTACK)
    (package / "probe" / "targets.json").write_text(json.dumps(targets))
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    (package / "setup.py").write_text(SETUP.format(version=version))
    (package / "probe_hook.pth").write_text("import probe.attack; probe.attack.at_start()\n")
    return "./probe-src\n"
