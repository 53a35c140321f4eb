"""A logged-in session: the SDK client, tokens refreshed when they expire, checked calls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

import httpx
from flowloom_sdk.api.authorization_sessions import (
    authorization_exchange_api_key,
    authorization_refresh,
)
from flowloom_sdk.client import AuthenticatedClient, Client
from flowloom_sdk.models import ApiKeyExchangeRequest, RefreshRequest, TokenResponse
from flowloom_sdk.types import File, Response

from flowloom.cli import config as config_file
from flowloom.cli.config import Config
from flowloom.cli.errors import CliError, problem_line, unreachable

T = TypeVar("T")
TIMEOUT = httpx.Timeout(60.0, connect=10.0)
PAGE = 200
# Tests put an `httpx.MockTransport` here; None is the network.
transport: httpx.BaseTransport | None = None


def httpx_args() -> dict[str, Any]:
    return {} if transport is None else {"transport": transport}


def anonymous(url: str) -> Client:
    return Client(base_url=url.rstrip("/"), timeout=TIMEOUT, httpx_args=httpx_args())


def send(url: str, operation: Callable[..., Response[Any]], **kwargs: Any) -> Response[Any]:
    """One SDK call; transport failures and error answers become one-line `CliError`s."""
    return checked(attempt(url, operation, **kwargs))


def attempt(url: str, operation: Callable[..., Response[Any]], **kwargs: Any) -> Response[Any]:
    try:
        return operation(**kwargs)
    except httpx.TransportError as error:
        raise CliError(unreachable(url, error)) from None


def checked(response: Response[Any]) -> Response[Any]:
    if response.status_code >= 400:
        raise CliError(problem_line(response.status_code, response.content))
    return response


def expect(response: Response[Any], kind: type[T]) -> T:
    if not isinstance(response.parsed, kind):
        raise CliError(f"unexpected answer from the server (HTTP {int(response.status_code)})")
    return response.parsed


def store_tokens(config: Config, tokens: TokenResponse) -> None:
    config.access_token = tokens.access_token
    config.access_expires_at = _iso(tokens.expires_at)
    config.refresh_token = tokens.refresh_token
    config.refresh_expires_at = _iso(tokens.refresh_expires_at)
    config.project_id = tokens.project_id


def _rewind(body: Any) -> None:
    """Files of a body already sent are read again from their start."""
    files = [body, *getattr(body, "additional_properties", {}).values()]
    for file in files:
        if isinstance(file, File):
            file.payload.seek(0)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


class Session:
    """The configured server and tokens; every API call of a command goes through `call`."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._client: AuthenticatedClient | None = None

    @classmethod
    def load(cls) -> Session:
        config = config_file.load()
        if config is None or config.access_token is None:
            raise CliError("not logged in: run `flowloom login URL --username NAME`")
        return cls(config)

    @property
    def url(self) -> str:
        return self.config.url

    @property
    def client(self) -> AuthenticatedClient:
        if self.config.access_expired():
            self.refresh()
        if self._client is None:
            assert self.config.access_token is not None
            self._client = AuthenticatedClient(
                base_url=self.url.rstrip("/"),
                token=self.config.access_token,
                timeout=TIMEOUT,
                httpx_args=httpx_args(),
            )
        return self._client

    def refresh(self) -> None:
        """Trade the refresh token for a new pair and keep it (the old one is revoked)."""
        if self.config.refresh_expired():
            raise CliError("the session has ended: run `flowloom login` again")
        client = anonymous(self.url)
        if self.config.api_key is not None:
            key = ApiKeyExchangeRequest(api_key=self.config.api_key)
            exchange = authorization_exchange_api_key.sync_detailed
            response = attempt(self.url, exchange, client=client, body=key)
        else:
            body = RefreshRequest(refresh_token=str(self.config.refresh_token))
            rotate = authorization_refresh.sync_detailed
            response = attempt(self.url, rotate, client=client, body=body)
        if response.status_code >= 400:
            refused = problem_line(response.status_code, response.content)
            raise CliError(f"the session has ended ({refused}): run `flowloom login`")
        store_tokens(self.config, expect(response, TokenResponse))
        config_file.save(self.config)
        self._client = None

    def call(self, operation: Callable[..., Response[Any]], **kwargs: Any) -> Response[Any]:
        """Call an SDK `sync_detailed`; on 401 refresh the tokens once and try again."""
        response = attempt(self.url, operation, client=self.client, **kwargs)
        if int(response.status_code) == 401 and not self.config.refresh_expired():
            self.refresh()
            _rewind(kwargs.get("body"))
            response = attempt(self.url, operation, client=self.client, **kwargs)
        return checked(response)

    def get(self, operation: Callable[..., Response[Any]], kind: type[T], **kwargs: Any) -> T:
        return expect(self.call(operation, **kwargs), kind)

    def pages(self, operation: Callable[..., Response[Any]], **kwargs: Any) -> Iterator[Any]:
        """Every item of a paginated list (`items`, `next_cursor`)."""
        cursor: str | None = None
        while True:
            extra = {"cursor": cursor} if cursor else {}
            page = self.call(operation, limit=PAGE, **kwargs, **extra).parsed
            if page is None or not hasattr(page, "items"):
                raise CliError("unexpected answer from the server: not a page")
            yield from page.items
            cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
            if not cursor:
                return
