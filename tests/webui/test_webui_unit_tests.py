"""The web UI's unit tests (Vitest in Node: `npm run test:unit` in `webui/`): its pure modules
(graph layout and edges, run graph, bindings and problems, API error mapping, formats, the
webhook example, the run form) and the rule that its contexts do not import each other. They
run here so that `make test` runs them too."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from flowloom.testkit import testing

ROOT = Path(__file__).resolve().parents[2]
WEBUI = ROOT / "webui"


def test_the_web_ui_unit_tests_pass() -> None:
    testing.require_program("npm", shutil.which("npm"))
    # As `make webui` does: `npm ci` only when node_modules is missing or older than the lock.
    install = ["make", "--no-print-directory", "webui/node_modules/.package-lock.json"]
    subprocess.run(install, cwd=ROOT, check=True)
    unit = subprocess.run(
        ["npm", "run", "--silent", "test:unit"], cwd=WEBUI, capture_output=True, text=True
    )
    assert unit.returncode == 0, f"{unit.stdout}\n{unit.stderr}"
