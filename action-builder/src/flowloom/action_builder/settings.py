"""Settings of the action builder (`FLOWLOOM_ACTION_BUILDER_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.sandbox import NOBODY, Network
from flowloom.servicekit.settings import ObjectStoreSettings


class ActionBuilderSettings(ObjectStoreSettings):
    """Every knob of the builder; documented in action-builder/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_ACTION_BUILDER_", extra="ignore")
    service_name: ClassVar[str] = "action-builder"

    port: int = 8004
    database_url: str = Field(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/flowloom_action_builder",
        description="The builder's own database: the events it owes (outbox) and the builds "
        "that ended; `sqlite+aiosqlite:///…` in embedded mode. Builders sharing a PostgreSQL "
        "database make each environment once (advisory locks).",
    )
    outbox_poll_seconds: float = Field(2.0, gt=0, description="Outbox relay poll.")
    data_dir: Path = Field(
        Path(".flowloom/action-builder"),
        description="Work directories, each project's uv cache, the wrapper's wheel.",
    )
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
    build_network: Network = Field(
        Network.ISOLATED,
        description="What a build's sandbox reaches: `isolated` (outbound connections through "
        "slirp4netns, the host's loopback unreachable), `host` (the host's network, for a "
        "package index on loopback) or `none`.",
    )
    build_uid: int = Field(
        NOBODY, ge=1, description="User id build commands run as in their sandbox (never root)."
    )
    build_gid: int = Field(NOBODY, ge=1, description="Group id build commands run as.")
    allow_unsandboxed: bool = Field(
        False,
        description="Where bubblewrap (bwrap) is missing, run build commands as plain processes "
        "with the builder's rights instead of refusing builds. Only for a single trusted user.",
    )
