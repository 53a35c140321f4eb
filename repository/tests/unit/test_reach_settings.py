"""The reach settings read from the environment: lists, and what no source may read."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from flowloom.repository.container import platform_data
from flowloom.repository.settings import RepositorySettings

KEY = "qS2e9Ua1m3cJ0dLzK7bR5tYwX8vN4hP6gF2jD0sA1Bo="  # a Fernet key (32 bytes)


def test_reads_lists_when_comma_separated_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOWLOOM_REPOSITORY_LOCAL_ROOTS", "/srv/git, /home/shared")
    monkeypatch.setenv("FLOWLOOM_REPOSITORY_ALLOWED_NETWORKS", '["10.0.0.0/8", "git.corp"]')

    settings = RepositorySettings(credentials_key=KEY)

    assert settings.local_roots == [Path("/srv/git"), Path("/home/shared")]
    assert settings.allowed_networks == ["10.0.0.0/8", "git.corp"]
    assert settings.platform_data_dirs == []


def test_refuses_to_start_when_allow_list_entry_is_invalid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLOWLOOM_REPOSITORY_ALLOWED_NETWORKS", "10.0.0.0/8,not a host")

    with pytest.raises(ValidationError, match="'not a host' is neither a network"):
        RepositorySettings(credentials_key=KEY)


def test_protects_data_dir_sqlite_file_and_platform_dirs() -> None:
    settings = RepositorySettings(
        credentials_key=KEY,
        data_dir=Path("/var/lib/flowloom/repository"),
        database_url="sqlite+aiosqlite:////var/lib/flowloom/databases/repository.db",
        platform_data_dirs=[Path("/var/lib/flowloom")],
    )

    assert platform_data(settings) == [
        Path("/var/lib/flowloom/repository"),
        Path("/var/lib/flowloom/repository/git-cache"),
        Path("/var/lib/flowloom"),
        Path("/var/lib/flowloom/databases/repository.db"),
    ]
