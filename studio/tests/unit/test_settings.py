"""Settings: the documented defaults, and a secrets key that must be real."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from flowloom.servicekit.keys import write_key_file
from flowloom.studio.container import Container, cipher, transport_cipher
from flowloom.studio.infrastructure.database.cipher import SecretCipher
from flowloom.studio.infrastructure.messaging.transport import TransportCipher
from flowloom.studio.settings import StudioSettings


def test_has_documented_defaults_when_nothing_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "FLOWLOOM_STUDIO_SECRETS_KEY",
        "FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY",
        "FLOWLOOM_SECRETS_TRANSPORT_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = StudioSettings()
    assert (settings.secrets_key, settings.secrets_transport_key) == ("", "")
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


@pytest.mark.parametrize("placeholder", ["changeme", "secret", "password"])
def test_refuses_placeholder_when_secrets_transport_key_is_set(placeholder: str) -> None:
    with pytest.raises(ValidationError, match="FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY"):
        StudioSettings(secrets_transport_key=placeholder)


def test_refuses_secrets_transport_key_equal_to_secrets_key() -> None:
    key = TransportCipher.generate_key()
    with pytest.raises(ValidationError, match="must differ"):
        StudioSettings(secrets_key=key, secrets_transport_key=key)


def test_refuses_to_start_when_secrets_transport_key_is_missing_or_not_a_key() -> None:
    with pytest.raises(RuntimeError, match="FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY"):
        transport_cipher(StudioSettings(secrets_transport_key=""))
    with pytest.raises(ValueError, match="FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY"):
        StudioSettings(secrets_transport_key=f"{TransportCipher.generate_key()},not-a-key")


def test_seals_with_first_key_and_opens_with_every_one_when_setting_lists_several() -> None:
    new, old = SecretCipher.generate_key(), SecretCipher.generate_key()
    sealed_before = SecretCipher(old).seal("v")
    rotating = cipher(StudioSettings(secrets_key=f"{new},{old}"))
    assert rotating.unseal(sealed_before) == "v"
    assert SecretCipher(new).unseal(rotating.seal("w")) == "w"


def test_follows_the_key_file_when_it_changes(tmp_path: Path) -> None:
    old, new = SecretCipher.generate_key(), SecretCipher.generate_key()
    path = tmp_path / "studio-secrets"
    write_key_file(path, [old])
    live = cipher(StudioSettings(secrets_key_file=path))
    write_key_file(path, [new, old])
    assert SecretCipher(new).unseal(live.seal("v")) == "v"


def test_reads_shared_secrets_transport_key_when_studio_has_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared, own = TransportCipher.generate_key(), TransportCipher.generate_key()
    monkeypatch.delenv("FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY", raising=False)
    monkeypatch.setenv("FLOWLOOM_SECRETS_TRANSPORT_KEY", shared)
    assert StudioSettings().secrets_transport_key == shared

    monkeypatch.setenv("FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY", own)
    assert StudioSettings().secrets_transport_key == own
