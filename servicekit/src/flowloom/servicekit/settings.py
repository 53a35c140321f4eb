"""Settings base: `FLOWLOOM_<SERVICE>_<NAME>`, then `FLOWLOOM_<NAME>`, then defaults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "changethis", "secret", "password"})


def _items(value: Any) -> Any:
    """A list setting as the environment gives it: a JSON array, or items separated by commas."""
    if not isinstance(value, str):
        return value
    if value.strip().startswith("["):
        return json.loads(value)
    return [item.strip() for item in value.split(",") if item.strip()]


# List settings: comma-separated or a JSON array in the environment.
StrList = Annotated[list[str], NoDecode, BeforeValidator(_items)]
PathList = Annotated[list[Path], NoDecode, BeforeValidator(_items)]


class ServiceSettings(BaseSettings):
    """Common settings of every service (each has its own database, outbox and data directory);
    subclasses set `model_config` with their env prefix and their `database_url`."""

    model_config = SettingsConfigDict(extra="ignore")
    service_name: ClassVar[str] = ""

    bus_url: str = "memory://"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    json_body_bytes: int = Field(
        1024**2,
        ge=1,
        description="Largest request body of a route without a limit of its own (JSON bodies, "
        "forms without files); a larger one is answered 413 before it is read.",
    )
    data_dir: Path = Path(".flowloom")
    migrate_on_start: bool = False
    outbox_poll_seconds: float = 2.0

    @classmethod
    def env_name(cls, field: str) -> str:
        """The environment variable of the service's setting `field` (`FLOWLOOM_<SVC>_<NAME>`)."""
        return f"{cls.model_config.get('env_prefix', 'FLOWLOOM_')}{field}".upper()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        shared_env = EnvSettingsSource(settings_cls, env_prefix="FLOWLOOM_")
        return (init_settings, env_settings, shared_env, file_secret_settings)


class ObjectStoreSettings(ServiceSettings):
    """A service keeping objects in S3: the endpoint and its keys (the service names its own
    `s3_bucket`)."""

    s3_url: str = "http://127.0.0.1:8333"
    s3_access_key: str = ""
    s3_secret_key: str = ""


class TokenVerifierSettings(ServiceSettings):
    """A service verifying the authorization's access tokens against its JWKS."""

    jwks_url: str = "http://127.0.0.1:8001/api/authorization/.well-known/jwks.json"


def sealing_keys_field(sealing: str, key_setting: str) -> Any:
    """A Fernet key setting `key_setting` (its upper-case name) sealing `sealing` at rest."""
    return Field(
        "",
        description=f"Fernet keys sealing {sealing}, comma-separated: the first seals, every one "
        f"opens (required unless {key_setting}_FILE is set).",
    )


def key_file_field(key_setting: str) -> Any:
    """The `<KEY>_FILE` setting beside a Fernet key setting `key_setting` (its upper-case name)."""
    return Field(
        None,
        description="A file of those keys, one a line, re-read when it changes (rotation "
        f"without a restart); wins over {key_setting}.",
    )


def refuse_placeholder(name: str, value: str) -> str:
    """Raise when a secret setting still holds a well-known placeholder."""
    if value.strip().lower() in PLACEHOLDER_SECRETS:
        raise ValueError(f"{name} must be set to a real secret, not {value!r}")
    return value
