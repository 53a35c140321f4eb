"""Settings base: `FLOWLOOM_<SERVICE>_<NAME>`, then `FLOWLOOM_<NAME>`, then defaults."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "changethis", "secret", "password"})


class ServiceSettings(BaseSettings):
    """Common settings of every service; subclasses set `model_config` with their env prefix."""

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


def refuse_placeholder(name: str, value: str) -> str:
    """Raise when a secret setting still holds a well-known placeholder."""
    if value.strip().lower() in PLACEHOLDER_SECRETS:
        raise ValueError(f"{name} must be set to a real secret, not {value!r}")
    return value
