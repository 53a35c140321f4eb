"""The built web UI at `/`: hashed assets cached for good, other paths answer `index.html`."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

# `ng build` names every bundle `<name>-<8 upper-case hex-like chars>.<ext>`: safe to cache forever.
HASHED = re.compile(r"-[A-Z0-9]{8}\.(js|css|woff2?|svg|png)$")
# A missing file with one of these suffixes is a 404, not the application (ids may hold dots).
ASSET = re.compile(r"\.(js|mjs|css|map|ico|png|svg|jpe?g|webp|woff2?|ttf|json|txt|webmanifest)$")
IMMUTABLE = "public, max-age=31536000, immutable"
NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flowloom: web UI not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;color:#1f2937}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>The web UI is not built</h1>
<p>The APIs answer under <code>/api/&lt;service&gt;/</code>, but no built web UI was found
{where}.</p>
<p>Build it with <code>make webui</code> (Node.js 20 and npm), or start the platform with
<code>make up</code>, which builds it first, then reload this page.</p></body></html>
"""


def default_directory() -> Path:
    """`webui/dist/flowloom-webui/browser` of the repository this package was installed from."""
    return Path(__file__).resolve().parents[4] / "webui" / "dist" / "flowloom-webui" / "browser"


class WebUi:
    """A single-page application: files as they are, any other path but a missing asset gets
    `index.html` (the Angular router decides), never cached so a new build shows at once."""

    def __init__(self, directory: Path | None) -> None:
        built = directory is not None and (directory / "index.html").is_file()
        self._directory = directory if built else None
        self._files = StaticFiles(directory=directory) if built else None
        self._where = f"in <code>{directory}</code>" if directory else ""

    @property
    def built(self) -> bool:
        return self._files is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        response = await self._response(scope)
        await response(scope, receive, send)

    async def _response(self, scope: Scope) -> Response:
        if self._files is None or self._directory is None:
            return HTMLResponse(NOT_BUILT.replace("{where}", self._where), status_code=503)
        path = self._files.get_path(scope)
        try:
            response = await self._files.get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or ASSET.search(path):
                return PlainTextResponse(error.detail, status_code=error.status_code)
            response = FileResponse(self._directory / "index.html")
        if HASHED.search(path):
            response.headers["cache-control"] = IMMUTABLE
        else:
            response.headers["cache-control"] = "no-cache"
        return response
