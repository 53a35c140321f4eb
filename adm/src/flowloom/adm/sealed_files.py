"""The installation's keys in a backup: sealed under the operator's passphrase, or left out.

Sealed: one member holds the files (`keys/…`, `admin-password`) as JSON, encrypted with a
Fernet key derived from the passphrase by scrypt (random salt, parameters kept beside it), so
the archive alone opens nothing. Left out: the manifest keeps a fingerprint (a hash) of every
key, so `restore` can tell whether the keys put back by hand are the right ones.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path, PurePosixPath

from cryptography.fernet import Fernet, InvalidToken

from flowloom.adm.errors import AdmError
from flowloom.servicekit.keys import fingerprint, read_key_file

MEMBER = "files/keys.sealed"
PASSPHRASE_ENV = "FLOWLOOM_BACKUP_PASSPHRASE"  # noqa: S105 (a variable name)
MIN_PASSPHRASE = 12
# scrypt with n=2^15, r=8, p=1: 32 MiB and about a tenth of a second per try.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
KEPT = ("keys", "admin-password")


def passphrase(file: Path | None) -> str | None:
    """The passphrase from `file` (its first line) or the environment; None when neither."""
    if file is not None:
        try:
            lines = file.read_text().splitlines()
        except OSError as error:
            raise AdmError(f"cannot read the passphrase file {file}: {error.strerror}") from None
        found = lines[0] if lines else ""
    else:
        found = os.environ.get(PASSPHRASE_ENV, "")
        if not found:
            return None
    if len(found) < MIN_PASSPHRASE:
        raise AdmError(f"the backup passphrase must have at least {MIN_PASSPHRASE} characters")
    return found


def kept_files(data_dir: Path) -> dict[str, bytes]:
    """The files of the installation a backup must carry: relative path → content."""
    found: dict[str, bytes] = {}
    for name in KEPT:
        root = data_dir / name
        paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in paths:
            if path.is_file() and not path.name.startswith("."):
                found[path.relative_to(data_dir).as_posix()] = path.read_bytes()
    return found


def fingerprints(data_dir: Path) -> dict[str, list[str]]:
    """Every key file of `data_dir/keys` and the fingerprints of its keys."""
    keys = data_dir / "keys"
    if not keys.is_dir():
        return {}
    return {
        f"keys/{path.name}": [fingerprint(key) for key in read_key_file(path)]
        for path in sorted(keys.iterdir())
        if path.is_file() and not path.name.startswith(".")
    }


def seal(files: dict[str, bytes], secret: str) -> bytes:
    salt = os.urandom(16)
    plain = json.dumps(
        {name: base64.b64encode(content).decode() for name, content in files.items()}
    )
    token = Fernet(_derive(secret, salt, SCRYPT)).encrypt(plain.encode())
    envelope = {
        "kdf": "scrypt",
        **SCRYPT,
        "salt": base64.b64encode(salt).decode(),
        "sealed": token.decode(),
    }
    return json.dumps(envelope).encode()


def open_sealed(envelope: bytes, secret: str) -> dict[str, bytes]:
    try:
        raw = json.loads(envelope)
        params = {"n": int(raw["n"]), "r": int(raw["r"]), "p": int(raw["p"])}
        key = _derive(secret, base64.b64decode(raw["salt"]), params)
        plain = Fernet(key).decrypt(raw["sealed"].encode())
    except InvalidToken:
        raise AdmError("wrong backup passphrase: the archive's keys do not open") from None
    except (ValueError, KeyError, TypeError) as error:
        raise AdmError(f"the archive's sealed keys are malformed: {error!r}") from None
    files = {name: base64.b64decode(content) for name, content in json.loads(plain).items()}
    for name in files:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or path.parts[0] not in KEPT:
            raise AdmError(f"the archive's sealed keys hold an unexpected file {name!r}")
    return files


def _derive(secret: str, salt: bytes, params: dict[str, int]) -> bytes:
    raw = hashlib.scrypt(secret.encode(), salt=salt, dklen=32, maxmem=128 * 1024 * 1024, **params)
    return base64.urlsafe_b64encode(raw)


def merged(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, bytes]:
    """The files read before and after the databases were dumped: a key file holds the keys
    of both reads (the later ones first), so a rotation during the backup loses no key that
    sealed a dumped value."""
    files = dict(after)
    for name, content in before.items():
        if name not in files:
            files[name] = content
        elif name.startswith("keys/"):
            later = files[name].decode().split()
            extra = [key for key in content.decode().split() if key not in later]
            files[name] = "".join(f"{key}\n" for key in [*later, *extra]).encode()
    return files
