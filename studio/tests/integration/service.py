"""The studio under test, driven like a user (HTTP) and like the other services (bus)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
from fastapi import FastAPI

from flowloom.servicekit.messaging import Envelope, MessageBus, QueueBinding
from flowloom.studio.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.testkit import testing
from flowloom.testkit.tokens import KeySet

from .messages import catalogue

PREFIX = "/api/studio"


@dataclass
class Studio:
    client: httpx.AsyncClient
    keys: KeySet
    project: str
    bus: MessageBus
    app: FastAPI
    role: str | None = "developer"
    is_admin: bool = False
    orders: list[Envelope] = field(default_factory=list)

    def as_role(self, role: str | None, project: str | None = None, **kw: Any) -> Studio:
        return replace(self, role=role, project=project or self.project, **kw)

    @property
    def headers(self) -> dict[str, str]:
        token = self.keys.token(self.project, self.role, is_admin=self.is_admin)
        return {"Authorization": f"Bearer {token}"}

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.client.request(method, PREFIX + path, headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, **kwargs)

    async def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", path, **kwargs)

    async def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = await self.request(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    async def publish_catalogue(self) -> None:
        """The test actions, published by the "repository", once visible in the store."""
        for envelope in catalogue(self.project):
            await self.bus.publish(envelope)

        async def stored() -> bool:
            page = (await self.get("/actions")).json()
            return len(page["items"]) == 4

        await testing.eventually(stored, within=30)

    async def new_workflow(self, name: str = "tick") -> dict[str, Any]:
        created: dict[str, Any] = await self.ok("POST", "/workflows", 201, json={"name": name})
        return created

    async def listen_orders(self) -> None:
        """Record the deploy/undeploy orders and the secret changes the studio emits (like the
        runner's queues)."""

        async def record(envelope: Envelope) -> None:
            self.orders.append(envelope)

        queue = f"test-{uuid.uuid4().hex[:8]}.studio.workflow"
        keys = (
            "workflow.deployment_requested", "workflow.undeployment_requested",
            "secret.set", "secret.deleted",
        )  # fmt: skip
        await self.bus.subscribe(QueueBinding(queue, "studio.events", keys), record)

    async def order(self, routing_key: str, count: int = 1) -> Envelope:
        """The ``count``-th order with ``routing_key`` for this project (waits for it)."""

        def mine() -> list[Envelope]:
            return [
                e for e in self.orders
                if e.routing_key == routing_key and _project(e) == self.project
            ]  # fmt: skip

        await testing.eventually(lambda: len(mine()) >= count, within=30)
        return mine()[count - 1]


MESSAGES: dict[str, Any] = {
    "workflow.deployment_requested": pb.WorkflowDeploymentRequested,
    "workflow.undeployment_requested": pb.WorkflowUndeploymentRequested,
    "secret.set": pb.ProjectSecretSet,
    "secret.deleted": pb.ProjectSecretDeleted,
}


def _project(envelope: Envelope) -> str:
    project: str = MESSAGES[envelope.routing_key].FromString(envelope.body).project_id
    return project
