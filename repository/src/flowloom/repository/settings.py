"""Settings of the repository (`FLOWLOOM_REPOSITORY_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from flowloom.repository.domain.reach import AllowList
from flowloom.servicekit.keys import keys_checked
from flowloom.servicekit.settings import (
    ObjectStoreSettings,
    PathList,
    StrList,
    TokenVerifierSettings,
    key_file_field,
    sealing_keys_field,
)


class RepositorySettings(ObjectStoreSettings, TokenVerifierSettings):
    """Every knob of the repository; documented in repository/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_REPOSITORY_", extra="ignore")
    service_name: ClassVar[str] = "repository"

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowloom_repository"
    port: int = 8003
    s3_bucket: str = "flowloom-sources"
    build_time_limit_seconds: float = 900
    scan_concurrency: int = Field(2, ge=1)
    credentials_key: str = sealing_keys_field("source credentials at rest", "CREDENTIALS_KEY")
    credentials_key_file: Path | None = key_file_field("CREDENTIALS_KEY")
    # Who may reach what through a source (docs/security/sources.md). Lists: comma-separated
    # or a JSON array in the environment.
    local_roots: PathList = Field(
        default_factory=list,
        description="Directories under which users who are not platform admins may add file:// "
        "sources (none by default: only admins may).",
    )
    allowed_networks: StrList = Field(
        default_factory=list,
        description="Networks (CIDR) and host names that non-admin https/ssh sources may reach "
        "although they are loopback, link-local or private.",
    )
    platform_data_dirs: PathList = Field(
        default_factory=list,
        description="The platform's other data directories, which no source may read (besides "
        "DATA_DIR and a SQLite database file); embedded mode sets its data dir.",
    )

    @field_validator("allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        AllowList.parse(value)  # a bad entry stops the service at start, naming it
        return value

    _real_keys = keys_checked("credentials_key", setting="FLOWLOOM_REPOSITORY_CREDENTIALS_KEY")
