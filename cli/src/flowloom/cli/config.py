"""The CLI's state: server URL and tokens in `~/.config/flowloom/config.json` (mode 0600)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flowloom.cli.errors import CliError

ENV_FILE = "FLOWLOOM_CONFIG"
# Refresh a little before the server would refuse the token.
MARGIN = timedelta(seconds=30)


@dataclass
class Config:
    url: str
    username: str | None = None
    access_token: str | None = None
    access_expires_at: str | None = None
    refresh_token: str | None = None
    refresh_expires_at: str | None = None
    project_id: str | None = None
    project_name: str | None = None
    api_key: str | None = None  # logged in with an API key: exchanged again on expiry

    def access_expired(self, now: datetime | None = None) -> bool:
        return _expired(self.access_expires_at, now)

    def refresh_expired(self, now: datetime | None = None) -> bool:
        if self.api_key is not None:
            return False
        return self.refresh_token is None or _expired(self.refresh_expires_at, now)


def _expired(moment: str | None, now: datetime | None) -> bool:
    if moment is None:
        return False
    return datetime.fromisoformat(moment) - MARGIN <= (now or datetime.now(UTC))


def config_path() -> Path:
    """`$FLOWLOOM_CONFIG`, else `$XDG_CONFIG_HOME/flowloom/config.json` (~/.config by default)."""
    given = os.environ.get(ENV_FILE)
    if given:
        return Path(given).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "flowloom" / "config.json"


def load() -> Config | None:
    path = config_path()
    try:
        raw = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise CliError(f"cannot read the configuration {path}: {error}") from None
    known = {field.name for field in fields(Config)}
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
        raise CliError(f"cannot read the configuration {path}: no server URL in it")
    return Config(**{key: value for key, value in raw.items() if key in known})


def save(config: Config) -> Path:
    """Written atomically, readable by the user only: it holds tokens."""
    path = config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".config-")
        with os.fdopen(descriptor, "w") as file:  # mkstemp creates it with mode 0600
            json.dump(asdict(config), file, indent=2)
            file.write("\n")
        os.replace(temporary, path)
        os.chmod(path, 0o600)
    except OSError as error:
        raise CliError(f"cannot write the configuration {path}: {error}") from None
    return path


def remove() -> bool:
    try:
        config_path().unlink()
    except FileNotFoundError:
        return False
    return True
