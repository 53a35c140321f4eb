"""Settings of the runner (`FLOWLOOM_RUNNER_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.settings import ServiceSettings, refuse_placeholder


class RunnerSettings(ServiceSettings):
    """Every knob of the runner; documented in runner/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_RUNNER_", extra="ignore")
    service_name: ClassVar[str] = "runner"

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowloom_runner"
    database_pool_size: int = Field(
        16,
        ge=1,
        description="PostgreSQL connections kept open: one per run changing at once, so about "
        "the runs in flight plus the API's readers.",
    )
    database_pool_overflow: int = Field(
        8,
        ge=0,
        description="PostgreSQL connections opened beyond the pool for a burst, closed after it.",
    )
    port: int = 8002
    data_dir: Path = Path(".flowloom")
    migrate_on_start: bool = False
    jwks_url: str = "http://127.0.0.1:8001/api/authorization/.well-known/jwks.json"
    s3_url: str = "http://127.0.0.1:8333"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "flowloom-runs"
    action_idle_seconds: float = 300.0
    action_concurrency: int = 4
    action_start_timeout_seconds: float = 30.0
    file_cache_bytes: int = Field(
        1024**3,
        description="Bound of the wrappers' shared cache of object contents in "
        "<data_dir>/file-cache (least recently used files go first); 0 disables it.",
    )
    outbox_poll_seconds: float = 2.0
    values_key: str = Field(
        "", description="Fernet key sealing password values at rest (required)."
    )
    secrets_transport_key: str = Field(
        "",
        description="Fernet key the studio seals project secrets with on the bus (shared with "
        "the studio; FLOWLOOM_SECRETS_TRANSPORT_KEY sets both).",
    )

    @field_validator("values_key", "secrets_transport_key")
    @classmethod
    def _real_key(cls, value: str) -> str:
        return refuse_placeholder("FLOWLOOM_RUNNER_*_KEY", value) if value else value
