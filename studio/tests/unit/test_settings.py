"""Settings: the documented defaults, and a secrets key that must be real."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from flowloom.studio.container import Container, cipher
from flowloom.studio.settings import StudioSettings


def test_has_documented_defaults_when_nothing_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLOWLOOM_STUDIO_SECRETS_KEY", raising=False)
    settings = StudioSettings()
    assert (settings.port, settings.s3_bucket, settings.migrate_on_start) == (
        8005, "flowloom-studio", False,
    )  # fmt: skip
    assert settings.database_url.endswith("/flowloom_studio")
    assert StudioSettings.service_name == "studio"


@pytest.mark.parametrize("placeholder", ["changeme", "secret", "password"])
def test_refuses_placeholder_when_secrets_key_is_set(placeholder: str) -> None:
    with pytest.raises(ValidationError):
        StudioSettings(secrets_key=placeholder)


def test_refuses_to_start_when_secrets_key_is_missing() -> None:
    with pytest.raises(RuntimeError, match="FLOWLOOM_STUDIO_SECRETS_KEY"):
        cipher(StudioSettings(secrets_key=""))
    assert Container  # the container builds the cipher from the same function
