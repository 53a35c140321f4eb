"""Settings of the repository (`FLOWLOOM_REPOSITORY_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import Field, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from flowloom.repository.domain.reach import AllowList
from flowloom.servicekit.keys import parse_keys
from flowloom.servicekit.settings import ServiceSettings


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
        "",
        description="Fernet keys sealing source credentials at rest, comma-separated: the "
        "first seals, every one opens (required unless CREDENTIALS_KEY_FILE is set).",
    )
    credentials_key_file: Path | None = Field(
        None,
        description="A file of those keys, one a line, re-read when it changes (rotation "
        "without a restart); wins over CREDENTIALS_KEY.",
    )
    # Who may reach what through a source (docs/security/sources.md). Lists: comma-separated
    # or a JSON array in the environment.
    local_roots: Annotated[list[Path], NoDecode] = Field(
        default_factory=list,
        description="Directories under which users who are not platform admins may add file:// "
        "sources (none by default: only admins may).",
    )
    allowed_networks: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Networks (CIDR) and host names that non-admin https/ssh sources may reach "
        "although they are loopback, link-local or private.",
    )
    platform_data_dirs: Annotated[list[Path], NoDecode] = Field(
        default_factory=list,
        description="The platform's other data directories, which no source may read (besides "
        "DATA_DIR and a SQLite database file); embedded mode sets its data dir.",
    )

    @field_validator("local_roots", "allowed_networks", "platform_data_dirs", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if value.strip().startswith("["):
            return json.loads(value)
        return [item.strip() for item in value.split(",") if item.strip()]

    @field_validator("allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        AllowList.parse(value)  # a bad entry stops the service at start, naming it
        return value

    @field_validator("credentials_key")
    @classmethod
    def _real_keys(cls, value: str) -> str:
        parse_keys(value, "FLOWLOOM_REPOSITORY_CREDENTIALS_KEY")
        return value
