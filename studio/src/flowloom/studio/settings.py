"""Settings of the studio (`FLOWLOOM_STUDIO_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.settings import ServiceSettings, refuse_placeholder


class StudioSettings(ServiceSettings):
    """Every knob of the studio; documented in studio/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_STUDIO_", extra="ignore")
    service_name: ClassVar[str] = "studio"

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowloom_studio"
    port: int = 8005
    data_dir: Path = Path(".flowloom")
    migrate_on_start: bool = False
    jwks_url: str = "http://127.0.0.1:8001/api/authorization/.well-known/jwks.json"
    s3_url: str = "http://127.0.0.1:8333"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "flowloom-studio"
    outbox_poll_seconds: float = 2.0
    secrets_key: str = Field(
        "", description="Fernet key sealing project secrets at rest (required)."
    )

    secrets_transport_key: str = Field(
        "",
        description="Fernet key sealing secret values sent to the runner over the bus, shared "
        "with the runner (required; FLOWLOOM_SECRETS_TRANSPORT_KEY is read when the studio's "
        "own is not set).",
    )

    @field_validator("secrets_key")
    @classmethod
    def _real_key(cls, value: str) -> str:
        return refuse_placeholder("FLOWLOOM_STUDIO_SECRETS_KEY", value) if value else value

    @field_validator("secrets_transport_key")
    @classmethod
    def _real_transport_key(cls, value: str) -> str:
        name = "FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY"
        return refuse_placeholder(name, value) if value else value

    @model_validator(mode="after")
    def _distinct_keys(self) -> StudioSettings:
        # The runner holds the transport key: it must not open the studio's table as well.
        if self.secrets_key and self.secrets_key == self.secrets_transport_key:
            raise ValueError(
                "FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY must differ from FLOWLOOM_STUDIO_SECRETS_KEY"
            )
        return self
