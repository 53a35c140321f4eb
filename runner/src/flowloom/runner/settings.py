"""Settings of the runner (`FLOWLOOM_RUNNER_*`, then `FLOWLOOM_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from flowloom.servicekit.keys import keys_checked
from flowloom.servicekit.sandbox import NOBODY, Network
from flowloom.servicekit.settings import (
    ObjectStoreSettings,
    TokenVerifierSettings,
    key_file_field,
    sealing_keys_field,
)

MAX_URL_SECONDS = 7 * 24 * 3600  # the longest an S3 presigned URL may live

# The bounds several settings share.
AtLeastOne = Annotated[int, Field(ge=1)]  # a size, a count
Seconds = Annotated[float, Field(gt=0)]  # a pause, a time budget
UrlSeconds = Annotated[int, Field(ge=1, le=MAX_URL_SECONDS)]  # an S3 presigned URL's lifetime


class RunnerSettings(ObjectStoreSettings, TokenVerifierSettings):
    """Every knob of the runner; documented in runner/README.md."""

    model_config = SettingsConfigDict(env_prefix="FLOWLOOM_RUNNER_", extra="ignore")
    service_name: ClassVar[str] = "runner"

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/flowloom_runner"
    database_pool_size: AtLeastOne = Field(
        16,
        description="PostgreSQL connections kept open: one per run changing at once, so about "
        "the runs in flight plus the API's readers.",
    )
    database_pool_overflow: int = Field(
        8,
        ge=0,
        description="PostgreSQL connections opened beyond the pool for a burst, closed after it.",
    )
    lease_poll_seconds: Seconds = Field(
        1.0,
        description="One runner is active on a database at a time (it holds a lease: a "
        "PostgreSQL advisory lock, a file lock beside a SQLite database); another waits as a "
        "standby and checks every this many seconds whether the lease is free, and the active "
        "one checks its lease connection as often.",
    )
    database_retry_seconds: Seconds = Field(
        0.2,
        description="First pause before the runner tries again work of its own (a step's "
        "start or outcome, a timer, a consumed message, a source's run, the recovery at start) "
        "that met a database outage; it doubles up to DATABASE_RETRY_MAX_SECONDS, until the "
        "database answers.",
    )
    database_retry_max_seconds: Seconds = Field(
        5.0,
        description="Longest pause between two tries of such work during a database outage.",
    )
    port: int = 8002
    s3_bucket: str = "flowloom-runs"
    action_idle_seconds: float = 300.0
    action_concurrency: int = 4
    action_start_timeout_seconds: float = 30.0
    trigger_start_seconds: float = Field(
        2.0,
        gt=0,
        le=600,
        description="How long a deployed source runs (without asking for a run) before it "
        "counts as started: one that stops with an error before fails the deployment.",
    )
    action_network: Network = Field(
        Network.ISOLATED,
        description="What a wrapper's sandbox reaches: `isolated` (its own network namespace, "
        "outbound connections through slirp4netns, the host's loopback unreachable), `host` "
        "(the host's network, loopback services included) or `none` (no network; files still "
        "travel through the object-store socket).",
    )
    action_uid: int = Field(
        NOBODY, ge=1, description="User id wrappers run as in their sandbox (never root)."
    )
    action_gid: int = Field(NOBODY, ge=1, description="Group id wrappers run as in their sandbox.")
    allow_unsandboxed: bool = Field(
        False,
        description="Where bubblewrap (bwrap) is missing, start wrappers as plain processes "
        "with the runner's rights instead of refusing them (one execution per action at a "
        "time: they share /tmp). Only for a single trusted user.",
    )
    file_cache_bytes: int = Field(
        1024**3,
        description="Bound of each project's cache of object contents the wrappers share, "
        "<data_dir>/file-cache/<project> (least recently used files go first); 0 disables it.",
    )
    download_url_seconds: UrlSeconds = Field(
        300,
        description="Lifetime of the download URL a file download redirects to.",
    )
    action_url_seconds: UrlSeconds = Field(
        6 * 3600,
        description="Lifetime of the presigned URLs an execution's wrapper gets for its file "
        "inputs and outputs (from the attempt's start: its uploads must end within it).",
    )
    upload_body_bytes: AtLeastOne = Field(
        1024**3,
        description="Largest multipart body of a manual run (`POST /workflows/{workflow}/runs` "
        "with files); other bodies of the route are bounded by JSON_BODY_BYTES.",
    )
    webhook_body_bytes: AtLeastOne = Field(
        100 * 1024**2,
        description="Largest multipart body of the public webhook (`POST /hooks/{workflow}/"
        "{key}` with files); its JSON and urlencoded bodies are bounded by JSON_BODY_BYTES.",
    )
    directory_input_bytes: AtLeastOne = Field(
        1024**3,
        description="Most bytes a directory input may expand to once unzipped by its wrapper "
        "(bytes really written, never the sizes the archive declares).",
    )
    directory_input_files: AtLeastOne = Field(
        10_000,
        description="Most entries (files and folders) the archive of a directory input may hold.",
    )
    condition_timeout_seconds: Seconds = Field(
        5.0,
        description="Time budget of compiling and evaluating one step condition (`when`), in a "
        'worker process: past it the worker is killed and the step fails with "the condition '
        'took longer than N s".',
    )
    condition_workers: AtLeastOne = Field(
        2,
        description="Worker processes evaluating conditions, started on demand (one condition "
        "at a time each; more conditions wait for a free worker).",
    )
    values_key: str = sealing_keys_field(
        "password values and the copy of project secrets at rest", "VALUES_KEY"
    )
    values_key_file: Path | None = key_file_field("VALUES_KEY")
    secrets_transport_key: str = Field(
        "",
        description="Fernet keys opening the project secrets the studio seals on the bus, "
        "comma-separated, every one opens (shared with the studio; "
        "FLOWLOOM_SECRETS_TRANSPORT_KEY sets both).",
    )
    secrets_transport_key_file: Path | None = key_file_field("SECRETS_TRANSPORT_KEY")

    _real_keys = keys_checked(
        "values_key", "secrets_transport_key", setting="FLOWLOOM_RUNNER_*_KEY"
    )
