"""Settings of the authorization service (`FLOWLOOM_AUTHORIZATION_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.settings import ServiceSettings


class AuthorizationSettings(ServiceSettings):
    """Every knob of the service; documented in authorization/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_AUTHORIZATION_", extra="ignore")
    service_name: ClassVar[str] = "authorization"

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowloom_authorization"
    data_dir: Path = Path(".flowloom")
    port: int = 8001
    migrate_on_start: bool = False
    access_token_minutes: int = 15
    refresh_token_days: int = 14
    lockout_threshold: int = 5
    lockout_max_seconds: int = 300
    outbox_poll_seconds: float = 2.0
