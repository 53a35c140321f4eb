"""Settings of the repository (`FLOWLOOM_REPOSITORY_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.settings import ServiceSettings, refuse_placeholder


class RepositorySettings(ServiceSettings):
    """Every knob of the repository; documented in repository/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_REPOSITORY_", extra="ignore")
    service_name: ClassVar[str] = "repository"

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowloom_repository"
    port: int = 8003
    data_dir: Path = Path(".flowloom")
    migrate_on_start: bool = False
    jwks_url: str = "http://127.0.0.1:8001/api/authorization/.well-known/jwks.json"
    s3_url: str = "http://127.0.0.1:8333"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "flowloom-sources"
    outbox_poll_seconds: float = 2.0
    build_time_limit_seconds: float = 900
    scan_concurrency: int = Field(2, ge=1)
    credentials_key: str = Field(
        "", description="Fernet key sealing source credentials at rest (required)."
    )

    @field_validator("credentials_key")
    @classmethod
    def _real_key(cls, value: str) -> str:
        return refuse_placeholder("FLOWLOOM_REPOSITORY_CREDENTIALS_KEY", value) if value else value
