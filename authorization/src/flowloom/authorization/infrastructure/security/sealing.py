"""The key-encryption key: the Fernet ring that seals the signing keys' private half."""

from __future__ import annotations

from flowloom.authorization.settings import AuthorizationSettings
from flowloom.servicekit.keys import KeyRing, key_ring, required_key_ring

SETTING = "FLOWLOOM_AUTHORIZATION_KEY_ENCRYPTION_KEY"


def key_encryption_ring(settings: AuthorizationSettings) -> KeyRing | None:
    """The ring the settings name (a key file followed live, or inline keys); None if unset."""
    return key_ring(settings.key_encryption_key, settings.key_encryption_key_file, SETTING)


def required_key_encryption_ring(settings: AuthorizationSettings) -> KeyRing:
    file = settings.key_encryption_key_file
    return required_key_ring(settings.key_encryption_key, file, SETTING)
