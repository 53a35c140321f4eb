"""Settings of the studio (`FLOWLOOM_STUDIO_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.keys import keys_checked, parse_keys
from flowloom.servicekit.settings import (
    ObjectStoreSettings,
    TokenVerifierSettings,
    key_file_field,
    sealing_keys_field,
)


class StudioSettings(ObjectStoreSettings, TokenVerifierSettings):
    """Every knob of the studio; documented in studio/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_STUDIO_", extra="ignore")
    service_name: ClassVar[str] = "studio"

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowloom_studio"
    port: int = 8005
    s3_bucket: str = "flowloom-studio"
    condition_parse_timeout_seconds: float = Field(
        2.0,
        gt=0,
        description="Time budget of parsing one step condition (`when`, in a thread, after "
        "the size and nesting limits): past it the workflow shows an `invalid_condition` "
        "problem.",
    )
    upload_body_bytes: int = Field(
        1024**3,
        ge=1,
        description="Largest body of a static file upload (`POST /workflows/{workflow}/files`).",
    )
    import_body_bytes: int = Field(
        1024**3,
        ge=1,
        description="Largest zip body of a workflow import (`POST /workflows/import`, "
        "`application/zip`); a workflow.yaml body is bounded by JSON_BODY_BYTES.",
    )
    import_extracted_bytes: int = Field(
        1024**3,
        ge=1,
        description="Most bytes read out of an imported zip (workflow.yaml and the static files "
        "it names), counted as they are read, never taken from the sizes the zip declares.",
    )
    import_files: int = Field(
        10_000,
        ge=1,
        description="Most entries (files and folders) an imported zip may hold, counted in its "
        "central directory before it is read.",
    )
    secrets_key: str = sealing_keys_field("project secrets at rest", "SECRETS_KEY")
    secrets_key_file: Path | None = key_file_field("SECRETS_KEY")
    secrets_transport_key: str = Field(
        "",
        description="Fernet keys sealing secret values sent to the runner over the bus, "
        "comma-separated: the first seals (shared with the runner; required unless "
        "SECRETS_TRANSPORT_KEY_FILE is set; FLOWLOOM_SECRETS_TRANSPORT_KEY is read when the "
        "studio's own is not set).",
    )
    secrets_transport_key_file: Path | None = key_file_field("SECRETS_TRANSPORT_KEY")

    _real_key = keys_checked("secrets_key", setting="FLOWLOOM_STUDIO_SECRETS_KEY")

    _real_transport_key = keys_checked(
        "secrets_transport_key", setting="FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY"
    )

    @model_validator(mode="after")
    def _distinct_keys(self) -> StudioSettings:
        # The runner holds the transport key: it must not open the studio's table as well.
        shared = set(parse_keys(self.secrets_key, "")) & set(
            parse_keys(self.secrets_transport_key, "")
        )
        if shared:
            raise ValueError(
                "FLOWLOOM_STUDIO_SECRETS_TRANSPORT_KEY must differ from FLOWLOOM_STUDIO_SECRETS_KEY"
            )
        return self
