"""GitClient: bare mirrors per URL in a cache, fetched and checked out with the git CLI."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flowloom.repository.domain.reach import Admission
from flowloom.repository.domain.scan import ScanFailed
from flowloom.repository.infrastructure.git.errors import (
    credentials,
    display_url,
    fetch_failure,
    scrub,
)
from flowloom.repository.infrastructure.git.routing import Route, route, ssh_command

GIT_TIMEOUT_SECONDS = 120.0
REFSPECS = ("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")
# No credential helper may store what we pass, and no repository hook may run. git follows no
# redirect (to another host or path than the one checked), fetches no submodule and no bundle
# a server advertises, and runs no ext:: transport.
SAFE_CONFIG = (
    *("-c", "credential.helper=", "-c", "core.hooksPath=/dev/null"),
    *("-c", "http.followRedirects=false", "-c", "protocol.ext.allow=never"),
    *("-c", "fetch.recurseSubmodules=false", "-c", "submodule.recurse=false"),
    *("-c", "transfer.bundleURI=false"),
)
# Only the fetch (and ls-remote, for the default branch) talks to another place, over the one
# transport of its URL (routing.py).
NO_TRANSPORT = {"GIT_ALLOW_PROTOCOL": "none", "GIT_LFS_SKIP_SMUDGE": "1"}
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


@dataclass(eq=False)
class GitClient:
    """Keeps one bare mirror per URL under cache_dir and exports commits as worktrees."""

    cache_dir: Path
    timeout: float = GIT_TIMEOUT_SECONDS
    # Checkouts in flight live here (the platform's data, which no source may read).
    work_dir: Path | None = None
    locks: dict[Path, asyncio.Lock] = field(init=False, default_factory=dict)
    worktrees: dict[Path, Path] = field(init=False, default_factory=dict)

    def mirror_path(self, url: str) -> Path:
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.git"

    async def checkout(
        self,
        url: str,
        ref: str,
        *,
        username: str | None = None,
        password: str | None = None,
        ssh_key: str | None = None,
        admission: Admission | None = None,
    ) -> tuple[str, Path]:
        """Fetch url into its mirror, resolve ref to a commit sha and check it out detached.

        With an admission (SourceGate), git reads what was checked: its fetch URL, at its
        addresses."""
        secrets = (*credentials(username, password), ssh_key)
        if url.startswith("-") or not url.strip():
            raise ScanFailed(f"invalid repository URL '{scrub(url, secrets)}'.")
        way = route(url, admission)
        mirror = self.mirror_path(url)
        lock = self.locks.setdefault(mirror, asyncio.Lock())
        async with lock:
            await self._ensure_mirror(mirror)
            await self._fetch(mirror, url, way, username, password, ssh_key)
            sha = await self._resolve(mirror, ref, url, secrets)
            worktree = await self._add_worktree(mirror, sha)
        return sha, worktree

    async def remote_head(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        ssh_key: str | None = None,
        admission: Admission | None = None,
    ) -> str:
        """The branch the remote's HEAD names (its default branch), by `git ls-remote
        --symref`; ScanFailed when it names none (an empty repository, a detached HEAD)."""
        secrets = (*credentials(username, password), ssh_key)
        if url.startswith("-") or not url.strip():
            raise ScanFailed(f"invalid repository URL '{scrub(url, secrets)}'.")
        way = route(url, admission)
        command = ["ls-remote", "--symref", way.fetch_url, "HEAD"]
        result = await self._remote(command, None, url, way, username, password, ssh_key)
        if result.returncode != 0:
            raise fetch_failure(url, result.stderr, secrets)
        for line in result.stdout.splitlines():
            target, _, name = line.partition("\t")
            if name == "HEAD" and target.startswith("ref: refs/heads/"):
                return target.removeprefix("ref: refs/heads/")
        where = scrub(display_url(url), secrets)
        raise ScanFailed(
            f"repository {where} has no default branch (HEAD names no commit): "
            "give the source a branch"
        )

    async def release(self, worktree: Path) -> None:
        """Delete a worktree returned by checkout and forget it in its mirror."""
        mirror = self.worktrees.pop(worktree, None)
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
        way: Route,
        username: str | None,
        password: str | None,
        ssh_key: str | None = None,
    ) -> None:
        secrets = (*credentials(username, password), ssh_key)
        fetch = ["fetch", "--prune", "--force", "--update-head-ok", "--quiet", way.fetch_url]
        command = [*fetch, *REFSPECS]
        result = await self._remote(command, mirror, url, way, username, password, ssh_key)
        if result.returncode != 0:
            raise fetch_failure(url, result.stderr, secrets)

    async def _remote(
        self,
        command: list[str],
        git_dir: Path | None,
        url: str,
        way: Route,
        username: str | None,
        password: str | None,
        ssh_key: str | None,
    ) -> _GitOutput:
        """A git command talking to the remote: its one transport, credentials through files
        only this process reads."""
        secrets = (*credentials(username, password), ssh_key)
        extra = {"GIT_ALLOW_PROTOCOL": way.protocol}
        if way.ssh_options:
            extra["GIT_SSH_COMMAND"] = ssh_command(way.ssh_options)
        if username is None and password is None and ssh_key is None:
            return await self._git(
                command, git_dir, extra, secrets=secrets, url=url, options=way.config
            )
        with tempfile.TemporaryDirectory(prefix="flowloom-askpass-") as private:
            extra |= _private_env(Path(private), username, password, ssh_key, way.ssh_options)
            return await self._git(
                command, git_dir, extra, secrets=secrets, url=url, options=way.config
            )

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
        if self.work_dir is not None:
            self.work_dir.mkdir(parents=True, exist_ok=True)
        worktree = Path(tempfile.mkdtemp(prefix="flowloom-worktree-", dir=self.work_dir)) / "tree"
        result = await self._git(["worktree", "add", "--detach", str(worktree), sha], mirror)
        if result.returncode != 0:
            shutil.rmtree(worktree.parent, ignore_errors=True)
            raise ScanFailed(f"cannot check out commit {sha}: {result.stderr.strip()}")
        self.worktrees[worktree] = mirror
        return worktree

    async def _git(
        self,
        args: list[str],
        git_dir: Path | None,
        extra_env: Mapping[str, str] | None = None,
        *,
        secrets: tuple[str | None, ...] = (),
        url: str = "",
        options: tuple[str, ...] = (),
    ) -> _GitOutput:
        base = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **NO_TRANSPORT}
        env = {**base, **(extra_env or {})}
        env.pop("GIT_DIR", None)
        prefix = ["git", *SAFE_CONFIG, *options] + (["--git-dir", str(git_dir)] if git_dir else [])
        process = await asyncio.create_subprocess_exec(
            *prefix,
            *args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        try:
            stdout, stderr = await asyncio.wait_for(process.communicate(), self.timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            where = scrub(display_url(url), secrets) if url else "the repository cache"
            raise ScanFailed(
                f"git {args[0]} timed out after {self.timeout:g} s for {where}."
            ) from None
        except asyncio.CancelledError:
            process.kill()  # never leave a git child running after its caller gave up
            await process.wait()
            raise
        code = process.returncode if process.returncode is not None else -1
        return _GitOutput(code, stdout.decode(errors="replace"), stderr.decode(errors="replace"))


def _private_env(
    private: Path,
    username: str | None,
    password: str | None,
    ssh_key: str | None,
    ssh_options: tuple[str, ...] = (),
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
        extra["GIT_SSH_COMMAND"] = ssh_command(
            (
                *("-i", str(key), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"),
                *("-o", "StrictHostKeyChecking=accept-new"),
                *("-o", f"UserKnownHostsFile={private / 'known_hosts'}"),
                *ssh_options,
            )
        )
    return extra
