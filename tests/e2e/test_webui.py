"""The web studio in headless Chromium against `flowloom-adm up`: log in, create and switch to a
project, add a git repository, scan (with a broken action), build, browse the catalogue, import
a workflow and fix its problem, design a three-step workflow in the graph editor (a manual
trigger, steps from the catalogue, a reference, an uploaded file, a problem seen and fixed,
results), deploy it, run it from the generated form with a file, follow the logs and download
the result; set a project secret, run a workflow whose action prints it and a typed password, and
see only `***` in its log (the journey is `webui/e2e/journey.mjs`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import httpx
import pytest

from flowloom.adm.gateway import Gateway
from flowloom.adm.webui import WebUi
from flowloom.testkit import testing
from flowloom.testkit.actions import METADATA, action, git_repository, io

from .test_adm_up import start

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
WEBUI = ROOT / "webui"
CHROMIUM = "/usr/bin/chromium"

ACTIONS = {
    # Upper-cases a text file and appends a suffix taken from a project variable.
    "shout": action(
        "shout", ["text:file", "suffix"], ["loud:file"],
        """\
        def handle(inputs):
            with open(inputs["text"]) as source:
                text = source.read()
            print(f"read {len(text)} characters")
            print("shouting")
            with open("/tmp/loud.txt", "w") as out:
                out.write(text.upper() + inputs["suffix"])
            return {"loud": "/tmp/loud.txt"}
        """,
    ),
    # Appends a static footer file (uploaded in the editor) to a text file.
    "sign": action(
        "sign", ["body:file", "footer:file"], ["signed:file"],
        """\
        def handle(inputs):
            with open(inputs["body"]) as body, open(inputs["footer"]) as footer:
                text = body.read() + "\\n" + footer.read()
            print(f"signed {len(text)} characters")
            with open("/tmp/signed.txt", "w") as out:
                out.write(text)
            return {"signed": "/tmp/signed.txt"}
        """,
    ),
    "count": action(
        "count", ["file:file"], ["words:integer"],
        """\
        def handle(inputs):
            with open(inputs["file"]) as source:
                words = len(source.read().split())
            print(f"{words} words")
            return {"words": words}
        """,
    ),
    # Upstream style: prints its inputs, a password and a project secret among them (the runner
    # masks both), then runs on a while so the journey reads the log live.
    "echo": action(
        "echo", ["text", "password:password", "token:password"], [],
        """\
        import time

        def handle(inputs):
            print(inputs)
            for name, value in inputs.items():
                print(f"{name}: {value}")
            time.sleep(10)
            print("done")
            return {}
        """,
    ),
    # An IO type no action may have: the scan reports it with its file, line and field.
    "broken": {
        "ryax_metadata.yaml": METADATA.format(
            id="broken", inputs=io("x", "nonsense"), outputs=io("y")
        ),
        "ryax_handler.py": "def handle(inputs):\n    return {}\n",
    },
}  # fmt: skip

WORKFLOW = textwrap.dedent(
    """\
    apiVersion: flowloom.dev/v1
    kind: Workflow
    name: shout-and-count
    description: Upper-case an uploaded text, then count its words.
    trigger:
      manual:
        outputs:
          - {name: doc, type: file}
          - {name: who, type: string}
    steps:
      - id: shout
        action: shout
        inputs:
          text: {ref: trigger.doc}
          suffix: {variable: suffix}
      - id: count
        action: count
        inputs:
          file: {ref: shout.loud}
    results:
      loud: shout.loud
      words: count.words
    """
)

# The password is typed into the run form, the token set in Settings → Secrets.
TYPED_PASSWORD = "pw-typed-4Kq9"
PROJECT_SECRET = "tok-studio-7Zx2"
ECHO_WORKFLOW = textwrap.dedent(
    """\
    apiVersion: flowloom.dev/v1
    kind: Workflow
    name: echo-secrets
    description: Print a typed password and a project secret.
    trigger:
      manual:
        outputs:
          - {name: pw, type: password}
    steps:
      - id: echo
        action: echo
        inputs:
          text: hello
          password: {ref: trigger.pw}
          token: {secret: api-token}
    """
)


def built_ui(root: Path) -> Path:
    (root / "media").mkdir(parents=True)
    (root / "index.html").write_text("<app-root></app-root>")
    (root / "main-AB12CD34.js").write_text("console.log(1)")
    (root / "media" / "logo.svg").write_text("<svg/>")
    return root


def client(webui: WebUi) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=Gateway({}, webui))
    return httpx.AsyncClient(transport=transport, base_url="http://flowloom.test")


async def test_serves_the_app_for_every_page_and_caches_only_hashed_files(tmp_path: Path) -> None:
    async with client(WebUi(built_ui(tmp_path / "browser"))) as http:
        page = await http.get("/studio/workflows/a.b")
        assert (page.status_code, page.text) == (200, "<app-root></app-root>")
        assert page.headers["cache-control"] == "no-cache"
        assert (await http.get("/")).text == "<app-root></app-root>"
        bundle = await http.get("/main-AB12CD34.js")
        assert bundle.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert (await http.get("/media/logo.svg")).headers["cache-control"] == "no-cache"
        assert (await http.get("/main-OLDHASH0.js")).status_code == 404
        api = await http.get("/api/nothing/here")
        assert (api.status_code, api.headers["content-type"]) == (404, "application/problem+json")


async def test_says_how_to_build_the_ui_when_it_is_not_built(tmp_path: Path) -> None:
    async with client(WebUi(tmp_path / "missing")) as http:
        page = await http.get("/library")
    assert page.status_code == 503
    assert "make webui" in page.text
    assert str(tmp_path / "missing") in page.text


def build_webui() -> None:
    """`make webui`: installs and builds only when the sources changed."""
    subprocess.run(["make", "--no-print-directory", "webui"], cwd=ROOT, check=True)
    assert (WEBUI / "dist" / "flowloom-webui" / "browser" / "index.html").is_file()


def test_webui_sources_are_typed_formatted_and_match_the_api() -> None:
    testing.require_program("npm", shutil.which("npm"))
    build_webui()
    lint = subprocess.run(
        ["npm", "run", "--silent", "lint"], cwd=WEBUI, capture_output=True, text=True
    )
    assert lint.returncode == 0, f"{lint.stdout}\n{lint.stderr}"


def test_a_person_goes_from_git_to_a_downloaded_result_in_the_web_studio(tmp_path: Path) -> None:
    testing.require_program("chromium", shutil.which("chromium") or None)
    testing.require_program("npm", shutil.which("npm"))
    build_webui()
    repo = git_repository(tmp_path / "repo", ACTIONS)
    (tmp_path / "workflow.yaml").write_text(WORKFLOW)
    (tmp_path / "echo-secrets.yaml").write_text(ECHO_WORKFLOW)
    (tmp_path / "words.txt").write_text("the quick brown fox")
    (tmp_path / "footer.txt").write_text("signed by the studio")
    data_dir, port = tmp_path / "data", testing.free_port()
    platform = start(data_dir, port, tmp_path / "adm.log")
    try:
        env = {
            **os.environ,
            "FLOWLOOM_URL": f"http://127.0.0.1:{port}",
            "FLOWLOOM_PASSWORD": (data_dir / "admin-password").read_text().strip(),
            "FLOWLOOM_E2E_REPO": f"file://{repo}",
            "FLOWLOOM_E2E_WORKFLOW": str(tmp_path / "workflow.yaml"),
            "FLOWLOOM_E2E_INPUT": str(tmp_path / "words.txt"),
            "FLOWLOOM_E2E_FOOTER": str(tmp_path / "footer.txt"),
            "FLOWLOOM_E2E_EXPECTED": "THE QUICK BROWN FOX!\nsigned by the studio",
            "FLOWLOOM_E2E_DOWNLOADS": str(tmp_path / "downloads"),
            "FLOWLOOM_E2E_ECHO_WORKFLOW": str(tmp_path / "echo-secrets.yaml"),
            "FLOWLOOM_E2E_TYPED_PASSWORD": TYPED_PASSWORD,
            "FLOWLOOM_E2E_PROJECT_SECRET": PROJECT_SECRET,
            "CHROMIUM": CHROMIUM,
        }
        journey = subprocess.run(
            ["node", "e2e/journey.mjs"], cwd=WEBUI, env=env, capture_output=True, text=True,
            timeout=600,
        )  # fmt: skip
        print(journey.stdout)
        assert journey.returncode == 0, f"{journey.stdout}\n{journey.stderr}\n{platform.log()}"
    finally:
        assert platform.stop() == 0
