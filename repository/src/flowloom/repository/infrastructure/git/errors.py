"""Turns git's stderr into user-facing ScanFailed messages without leaking credentials."""

from __future__ import annotations

import re

from flowloom.repository.domain.scan import ScanFailed

MIN_SCRUBBED_USERNAME = 4
_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")
_AUTH_HINTS = (
    "authentication failed",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "permission denied",
    "http basic: access denied",
    "returned error: 401",
    "returned error: 403",
)
_REACH_HINTS = (
    "does not appear to be a git repository",
    "could not resolve host",
    "unable to access",
    "connection refused",
    "connection timed out",
    "could not read from remote repository",
    "repository not found",
    "not found",
    "no such file or directory",
)


def scrub(text: str, secrets: tuple[str | None, ...]) -> str:
    """Remove user:password@ parts of URLs and every given secret from text."""
    text = _USERINFO.sub(r"\g<scheme>***@", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def credentials(username: str | None, password: str | None) -> tuple[str | None, ...]:
    """What to scrub: the password always, the username when long enough to be a token."""
    # Scrubbing a two-letter username would garble every message it occurs in.
    return (password, username if username and len(username) >= MIN_SCRUBBED_USERNAME else None)


def display_url(url: str) -> str:
    return _USERINFO.sub(r"\g<scheme>", url)


def fetch_failure(url: str, stderr: str, secrets: tuple[str | None, ...]) -> ScanFailed:
    """Classify a failed fetch: authentication, unreachable, or other."""
    lowered = stderr.lower()
    detail = _last_line(scrub(stderr, secrets))
    where = scrub(display_url(url), secrets)
    if any(hint in lowered for hint in _AUTH_HINTS):
        return ScanFailed(f"authentication failed for repository {where}: check the credentials.")
    if any(hint in lowered for hint in _REACH_HINTS):
        return ScanFailed(f"cannot reach repository {where}: {detail}")
    return ScanFailed(f"git fetch failed for repository {where}: {detail}")


def _last_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    meaningful = [line for line in lines if line.lower().startswith(("fatal:", "error:"))]
    chosen = (meaningful or lines or ["no details from git"])[0]
    return chosen.removeprefix("fatal: ").removeprefix("error: ")
