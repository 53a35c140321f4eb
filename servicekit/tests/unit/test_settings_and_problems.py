"""Settings precedence and the field paths of problem details."""

from __future__ import annotations

from typing import ClassVar

import pytest
from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.settings import ServiceSettings, refuse_placeholder
from flowloom.servicekit.web.problems import field_path


class ExampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_EXAMPLE_", extra="ignore")
    service_name: ClassVar[str] = "example"
    database_url: str = "sqlite+aiosqlite:///default.db"


def test_prefers_service_setting_when_both_prefixes_are_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLOWLOOM_BUS_URL", "amqp://shared/")
    monkeypatch.setenv("FLOWLOOM_EXAMPLE_BUS_URL", "amqp://mine/")
    assert ExampleSettings().bus_url == "amqp://mine/"


def test_falls_back_to_shared_setting_when_service_one_is_absent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FLOWLOOM_EXAMPLE_BUS_URL", raising=False)
    monkeypatch.setenv("FLOWLOOM_BUS_URL", "amqp://shared/")
    assert ExampleSettings().bus_url == "amqp://shared/"
    assert ExampleSettings().database_url == "sqlite+aiosqlite:///default.db"


@pytest.mark.parametrize("value", ["", "changeme", "SECRET", " password "])
def test_refuses_secret_when_it_is_a_placeholder(value: str) -> None:
    with pytest.raises(ValueError, match="real secret"):
        refuse_placeholder("FLOWLOOM_EXAMPLE_KEY", value)


def test_accepts_secret_when_it_is_real() -> None:
    assert refuse_placeholder("KEY", "s3cr3t-Zx81") == "s3cr3t-Zx81"


@pytest.mark.parametrize(
    ("location", "path"),
    [
        (("body",), "body"),
        (("body", "password"), "body.password"),
        (("body", "users", 0, "name"), "body.users[0].name"),
        (("query", "limit"), "query.limit"),
    ],
)
def test_joins_field_path_when_location_has_parts(location: tuple, path: str) -> None:
    assert field_path(location) == path
