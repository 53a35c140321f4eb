"""GitClient: bare mirrors per URL in a cache, fetched and checked out with the git CLI."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flowloom.repository.domain.scan import ScanFailed
from flowloom.repository.infrastructure.git.errors import (
    credentials,
    display_url,
    fetch_failure,
    scrub,
)

GIT_TIMEOUT_SECONDS = 120.0
REFSPECS = ("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")
# No credential helper may store what we pass, and no repository hook may run.
SAFE_CONFIG = ("-c", "credential.helper=", "-c", "core.hooksPath=/dev/null")
ASKPASS_SCRIPT = """#!/bin/sh
case "$1" in
  Username*|username*) printf '%s\\n' "$FLOWLOOM_GIT_USERNAME" ;;
  *) printf '%s\\n' "$FLOWLOOM_GIT_PASSWORD" ;;
esac
"""


@dataclass(frozen=True)
class _GitOutput:
    returncode: int
    stdout: str
    stderr: str


class GitClient:
    """Keeps one bare mirror per URL under cache_dir and exports commits as worktrees."""

    def __init__(self, cache_dir: Path, timeout: float = GIT_TIMEOUT_SECONDS) -> None:
        self._cache_dir = cache_dir
        self._timeout = timeout
        self._locks: dict[Path, asyncio.Lock] = {}
        self._worktrees: dict[Path, Path] = {}

    def mirror_path(self, url: str) -> Path:
        return self._cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.git"

    async def checkout(
        self,
        url: str,
        ref: str,
        *,
        username: str | None = None,
        password: str | None = None,
        ssh_key: str | None = None,
    ) -> tuple[str, Path]:
        """Fetch url into its mirror, resolve ref to a commit sha and check it out detached."""
        secrets = (*credentials(username, password), ssh_key)
        if url.startswith("-") or not url.strip():
            raise ScanFailed(f"invalid repository URL '{scrub(url, secrets)}'.")
        mirror = self.mirror_path(url)
        lock = self._locks.setdefault(mirror, asyncio.Lock())
        async with lock:
            await self._ensure_mirror(mirror)
            await self._fetch(mirror, url, username, password, ssh_key)
            sha = await self._resolve(mirror, ref, url, secrets)
            worktree = await self._add_worktree(mirror, sha)
        return sha, worktree

    async def release(self, worktree: Path) -> None:
        """Delete a worktree returned by checkout and forget it in its mirror."""
        mirror = self._worktrees.pop(worktree, None)
        await asyncio.to_thread(shutil.rmtree, worktree.parent, True)
        if mirror is not None:
            await self._git(["worktree", "prune"], mirror)

    async def _ensure_mirror(self, mirror: Path) -> None:
        if (mirror / "HEAD").is_file():
            return
        mirror.parent.mkdir(parents=True, exist_ok=True)
        result = await self._git(["init", "--bare", "--quiet", str(mirror)], None)
        if result.returncode != 0:
            raise ScanFailed(f"cannot create the repository cache: {result.stderr.strip()}")

    async def _fetch(
        self,
        mirror: Path,
        url: str,
        username: str | None,
        password: str | None,
        ssh_key: str | None = None,
    ) -> None:
        secrets = (*credentials(username, password), ssh_key)
        command = ["fetch", "--prune", "--force", "--update-head-ok", "--quiet", url, *REFSPECS]
        if username is None and password is None and ssh_key is None:
            result = await self._git(command, mirror, secrets=secrets, url=url)
        else:
            with tempfile.TemporaryDirectory(prefix="flowloom-askpass-") as private:
                extra = _private_env(Path(private), username, password, ssh_key)
                result = await self._git(command, mirror, extra, secrets=secrets, url=url)
        if result.returncode != 0:
            raise fetch_failure(url, result.stderr, secrets)

    async def _resolve(
        self, mirror: Path, ref: str, url: str, secrets: tuple[str | None, ...]
    ) -> str:
        unknown = ScanFailed(
            f"unknown ref '{ref}' in repository {scrub(display_url(url), secrets)}: "
            "no branch, tag or commit has that name."
        )
        if not ref or ref.startswith("-"):
            raise unknown
        result = await self._git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], mirror)
        if result.returncode != 0:
            raise unknown
        return result.stdout.strip()

    async def _add_worktree(self, mirror: Path, sha: str) -> Path:
        worktree = Path(tempfile.mkdtemp(prefix="flowloom-worktree-")) / "tree"
        result = await self._git(["worktree", "add", "--detach", str(worktree), sha], mirror)
        if result.returncode != 0:
            shutil.rmtree(worktree.parent, ignore_errors=True)
            raise ScanFailed(f"cannot check out commit {sha}: {result.stderr.strip()}")
        self._worktrees[worktree] = mirror
        return worktree

    async def _git(
        self,
        args: list[str],
        git_dir: Path | None,
        extra_env: Mapping[str, str] | None = None,
        *,
        secrets: tuple[str | None, ...] = (),
        url: str = "",
    ) -> _GitOutput:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(extra_env or {})}
        env.pop("GIT_DIR", None)
        prefix = ["git", *SAFE_CONFIG] + (["--git-dir", str(git_dir)] if git_dir else [])
        process = await asyncio.create_subprocess_exec(
            *prefix,
            *args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        try:
            stdout, stderr = await asyncio.wait_for(process.communicate(), self._timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            where = scrub(display_url(url), secrets) if url else "the repository cache"
            raise ScanFailed(
                f"git {args[0]} timed out after {self._timeout:g} s for {where}."
            ) from None
        except asyncio.CancelledError:
            process.kill()  # never leave a git child running after its caller gave up
            await process.wait()
            raise
        code = process.returncode if process.returncode is not None else -1
        return _GitOutput(code, stdout.decode(errors="replace"), stderr.decode(errors="replace"))


def _private_env(
    private: Path, username: str | None, password: str | None, ssh_key: str | None
) -> dict[str, str]:
    """Environment handing credentials to git through files only this process can read."""
    askpass = private / "askpass.sh"
    askpass.write_text(ASKPASS_SCRIPT)
    askpass.chmod(stat.S_IRWXU)
    extra = {
        "GIT_ASKPASS": str(askpass),
        "FLOWLOOM_GIT_USERNAME": username or "",
        "FLOWLOOM_GIT_PASSWORD": password or "",
    }
    if ssh_key:
        key = private / "id_key"
        key.touch(mode=stat.S_IRUSR | stat.S_IWUSR)
        key.write_text(ssh_key if ssh_key.endswith("\n") else ssh_key + "\n")
        # A fresh known-hosts file per fetch: the host key is accepted on first use (TOFU).
        extra["GIT_SSH_COMMAND"] = (
            f"ssh -i {key} -o IdentitiesOnly=yes -o BatchMode=yes "
            f"-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile={private / 'known_hosts'}"
        )
    return extra
