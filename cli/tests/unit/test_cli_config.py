"""The configuration file: where it lives, its mode, what it holds."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flowloom.cli import config
from flowloom.cli.config import Config
from flowloom.cli.errors import CliError


def test_uses_flowloom_config_when_set(config_path: Path) -> None:
    assert config.config_path() == config_path


def test_defaults_to_the_user_config_dir_when_flowloom_config_is_unset(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("FLOWLOOM_CONFIG", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config.config_path() == tmp_path / ".config" / "flowloom" / "config.json"


def test_writes_the_file_readable_by_the_user_only(config_path: Path) -> None:
    config.save(Config(url="http://x", access_token="secret"))
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o600
    assert json.loads(config_path.read_text())["access_token"] == "secret"


def test_keeps_mode_0600_when_rewriting_a_file_that_was_opened_up(config_path: Path) -> None:
    config.save(Config(url="http://x"))
    config_path.chmod(0o644)
    config.save(Config(url="http://y"))
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o600
    loaded = config.load()
    assert loaded is not None
    assert loaded.url == "http://y"


def test_loads_nothing_when_there_is_no_file(config_path: Path) -> None:
    assert config.load() is None


def test_refuses_a_file_that_is_not_json(config_path: Path) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text("{not json")
    with pytest.raises(CliError, match="cannot read the configuration"):
        config.load()


def test_ignores_unknown_keys_of_a_newer_version(config_path: Path) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text(json.dumps({"url": "http://x", "future": 1}))
    assert config.load() == Config(url="http://x")


def test_treats_a_token_as_expired_shortly_before_its_expiry() -> None:
    now = datetime.now(UTC)
    soon = Config(url="x", access_expires_at=(now + timedelta(seconds=10)).isoformat())
    later = Config(url="x", access_expires_at=(now + timedelta(minutes=10)).isoformat())
    assert soon.access_expired(now)
    assert not later.access_expired(now)


def test_has_no_usable_refresh_token_when_none_was_given() -> None:
    assert Config(url="x").refresh_expired()
