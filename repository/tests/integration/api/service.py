"""Test helper: a project member talking to the repository API like a user would."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from minio import Minio

from flowloom.repository.settings import RepositorySettings
from flowloom.testkit import testing
from flowloom.testkit.tokens import KeySet

from .builder import FakeBuilder

API = "/api/repository"


@dataclass
class Service:
    client: httpx.AsyncClient
    keys: KeySet
    project_id: str
    builder: FakeBuilder
    settings: RepositorySettings
    tmp_path: Path
    role: str = "developer"
    app: Any = None

    def headers(
        self, role: str | None = None, project_id: str | None = None, admin: bool = False
    ) -> dict[str, str]:
        """A project member (`ada`, not a platform admin), or with `admin` a platform admin."""
        user = {"sub": "admin-1", "username": "admin", "is_admin": True} if admin else {}
        token = self.keys.token(project_id or self.project_id, role or self.role, **user)
        return {"Authorization": f"Bearer {token}"}

    async def call(
        self, method: str, path: str, *, role: str | None = None, project: str | None = None,
        admin: bool = False, **kwargs: Any,
    ) -> httpx.Response:  # fmt: skip
        headers = {**self.headers(role, project, admin), **kwargs.pop("headers", {})}
        return await self.client.request(method, API + path, headers=headers, **kwargs)

    async def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = await self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    async def add_source(
        self, name: str, url: str, *, admin: bool = False, **extra: Any
    ) -> dict[str, Any]:
        body = {"name": name, "url": url, **extra}
        source: dict[str, Any] = await self.ok("POST", "/sources", 201, json=body, admin=admin)
        return source

    async def scan(
        self, source_id: str, ref: str | None = None, *, admin: bool = False
    ) -> dict[str, Any]:
        body = {} if ref is None else {"ref": ref}
        started = await self.ok("POST", f"/sources/{source_id}/scans", 202, json=body, admin=admin)
        assert started["state"] == "Running"
        found: dict[str, Any] = {}

        async def ended() -> bool:
            found.update(await self.ok("GET", f"/scans/{started['id']}"))
            return found["state"] != "Running"

        await testing.eventually(ended, within=60, step=0.05)
        return found

    async def actions(self, **params: Any) -> dict[str, dict[str, Any]]:
        page = await self.ok("GET", "/actions", params={"limit": 500, **params})
        return {action["path"]: action for action in page["items"]}

    async def action(self, action_id: str) -> dict[str, Any]:
        found: dict[str, Any] = await self.ok("GET", f"/actions/{action_id}")
        return found

    async def wait_state(self, action_id: str, state: str) -> dict[str, Any]:
        found: dict[str, Any] = {}

        async def reached() -> bool:
            found.update(await self.action(action_id))
            return found["state"] == state

        await testing.eventually(reached, within=30, step=0.05)
        return found

    async def wait_events(self, routing_key: str, count: int) -> list[Any]:
        await testing.eventually(
            lambda: len(self.builder.of(routing_key)) >= count, within=30, step=0.05
        )
        return self.builder.of(routing_key)

    def s3(self) -> Minio:
        from urllib.parse import urlsplit

        return Minio(
            urlsplit(self.settings.s3_url).netloc,
            access_key=self.settings.s3_access_key,
            secret_key=self.settings.s3_secret_key,
            secure=False,
        )
