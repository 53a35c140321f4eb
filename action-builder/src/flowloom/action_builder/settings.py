"""Settings of the action builder (`FLOWLOOM_ACTION_BUILDER_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.settings import ServiceSettings


class ActionBuilderSettings(ServiceSettings):
    """Every knob of the builder; documented in action-builder/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_ACTION_BUILDER_", extra="ignore")
    service_name: ClassVar[str] = "action-builder"

    port: int = 8004
    data_dir: Path = Field(
        Path(".flowloom/action-builder"), description="Work directories and the uv cache."
    )
    s3_url: str = "http://127.0.0.1:8333"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "flowloom-artefacts"
    concurrency: int = Field(2, ge=1, description="Builds running at once.")
    time_limit_seconds: float = Field(
        900.0, gt=0, description="Time limit of a build whose order sets none."
    )
    wrapper_source: str = Field(
        "",
        description="The action wrapper to install: a project directory, a wheel or a "
        "requirement; empty: the installed flowloom-action-wrapper distribution.",
    )
