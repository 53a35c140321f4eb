"""A private `/tmp` per wrapper process, and wrappers that die with the runner.

Upstream actions write fixed paths such as `/tmp/outfile.txt`: in Ryax each wrapper has its
own container, here several wrapper processes share one host. Each wrapper therefore runs in
its own mount namespace (util-linux `unshare`) where `/tmp` is an overlay: everything already
in the host's `/tmp` stays readable (action environments may live there), and whatever the
wrapper writes lands in its own upper directory, invisible to the others, except in the
shared file cache, bound through when it lies inside `/tmp`. Where namespaces or overlays are
not allowed, the deployer runs one wrapper per action at a time instead.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)
_HOST_TMP = Path("/tmp")  # noqa: S108 - the directory the overlay covers

# $0 is the wrapper's private directory (outside /tmp: overlay layers must not overlap); $1
# a directory inside /tmp that stays shared with the host (the file cache), or "": it is
# bound aside before the overlay hides the host's /tmp, then bound back over its own path.
_OVERLAY_TMP = (
    'mkdir -p "$0/upper" "$0/work" && '
    'if [ -n "$1" ]; then mkdir -p "$0/shared" && mount --bind "$1" "$0/shared"; fi && '
    'mount -t overlay overlay -o "lowerdir=/tmp,upperdir=$0/upper,workdir=$0/work" /tmp && '
    'if [ -n "$1" ]; then mount --bind "$0/shared" "$1"; fi && '
    'shift && exec "$@"'
)


def _private_root() -> Path:
    # Outside /tmp on purpose: an overlay's upper directory may not lie inside its lower one.
    root = Path("/var/tmp/flowloom-wrappers")  # noqa: S108 - per-wrapper dirs from mkdtemp
    root.mkdir(parents=True, exist_ok=True)
    return root


def _namespace_prefix() -> list[str] | None:
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    return [unshare, *user, "--mount", "--propagation", "private", "--", "sh", "-c", _OVERLAY_TMP]


@cache
def private_tmp_supported() -> bool:
    """Probe once whether this host lets a process have its own `/tmp` over the host's."""
    prefix = _namespace_prefix()
    if prefix is None:
        return False
    try:
        private = Path(tempfile.mkdtemp(dir=_private_root()))
        with tempfile.NamedTemporaryFile(prefix="flowloom-probe-") as visible:
            inside = [*prefix, str(private), "", "test", "-e", visible.name]
            result = subprocess.run(inside, capture_output=True, timeout=10)  # noqa: S603
        supported = result.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        supported = False
    else:
        shutil.rmtree(private, ignore_errors=True)
    if not supported:
        log.warning("no private /tmp for wrappers here: one execution per action at a time")
    return supported


def isolated(command: list[str], shared: Path | None = None) -> tuple[list[str], Path | None]:
    """`command` run with a private `/tmp` (and the directory to remove afterwards).

    ``shared`` (an existing directory) stays the host's even when it lies inside `/tmp`.
    """
    prefix = _namespace_prefix()
    if prefix is None or not private_tmp_supported():
        return command, None
    private = Path(tempfile.mkdtemp(prefix="wrapper-", dir=_private_root()))
    through = shared.resolve() if shared is not None else None
    bound = str(through) if through and through.is_relative_to(_HOST_TMP) else ""
    return [*prefix, str(private), bound, *command], private


def dying_with_parent(command: list[str]) -> list[str]:
    """`command` SIGKILLed when the runner dies (no orphan wrappers), via util-linux `setpriv`
    (no `preexec_fn`: forking a threaded process into Python code can crash the child)."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--", *command] if setpriv else command
