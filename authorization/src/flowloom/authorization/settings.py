"""Settings of the authorization service (`FLOWLOOM_AUTHORIZATION_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import ClassVar

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.keys import keys_checked
from flowloom.servicekit.settings import (
    ServiceSettings,
    StrList,
    key_file_field,
    sealing_keys_field,
)


class AuthorizationSettings(ServiceSettings):
    """Every knob of the service; documented in authorization/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_AUTHORIZATION_", extra="ignore")
    service_name: ClassVar[str] = "authorization"

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowloom_authorization"
    port: int = 8001
    access_token_minutes: float = Field(15, gt=0)
    refresh_token_days: int = 14
    lockout_threshold: int = Field(
        5,
        ge=1,
        description="Failed logins of one username from one client address before "
        "that pair is locked.",
    )
    lockout_address_threshold: int = Field(
        50,
        ge=0,
        description="Failed logins of any username from one client address before "
        "that address is locked (0: off).",
    )
    lockout_max_seconds: int = Field(
        300, ge=1, description="Cap of a lock, which starts at 1 s and doubles per failure."
    )
    lockout_forget_seconds: int = Field(
        3600, ge=1, description="A counter with no failure and no lock for this long is forgotten."
    )
    lockout_max_entries: int = Field(
        100_000,
        ge=1,
        description="At most this many failed-login counters are kept (those "
        "nearest to being forgotten go first).",
    )
    trusted_proxies: StrList = Field(
        default_factory=lambda: ["127.0.0.1", "::1"],
        description="Addresses or networks (CIDR) of the reverse proxies whose "
        "X-Forwarded-For (or X-Real-IP) names the client; comma-separated or a JSON array; "
        "empty: trust none.",
    )
    key_encryption_key: str = sealing_keys_field(
        "the signing keys' private half in the database", "KEY_ENCRYPTION_KEY"
    )
    key_encryption_key_file: Path | None = key_file_field("KEY_ENCRYPTION_KEY")
    signing_key_publish_seconds: float = Field(
        10,
        ge=6,
        description="How long a rotated-in signing key is published before it signs (more "
        "than the verifiers' 5 s between two JWKS fetches for an unknown kid).",
    )
    signing_key_refresh_seconds: float = Field(
        5,
        gt=0,
        description="How often each replica re-reads the key set: picks up a rotation, "
        "drops retired keys.",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network") from None
        return value

    _real_keys = keys_checked(
        "key_encryption_key", setting="FLOWLOOM_AUTHORIZATION_KEY_ENCRYPTION_KEY"
    )
