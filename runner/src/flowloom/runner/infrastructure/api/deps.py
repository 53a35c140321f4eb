"""Annotated dependencies: the caller's project and role, and the container's services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Query, Request

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.runs import RunService
from flowloom.servicekit.tokens import TokenVerifier
from flowloom.servicekit.web.app import provided
from flowloom.servicekit.web.callers import OPERATE, Caller, project_caller
from flowloom.servicekit.web.callers import Cursor as Cursor  # the routers' alias

if TYPE_CHECKING:
    from flowloom.runner.container import Container

RUN = OPERATE
"""Start and cancel runs."""


def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


def _verifier(request: Request) -> TokenVerifier:
    return container(request).verifier()


caller = project_caller(_verifier)


CurrentCaller = Annotated[Caller, Depends(caller)]
Runs = Annotated[RunService, Depends(provided(lambda r: container(r).runs()))]
Deployments = Annotated[DeploymentService, Depends(provided(lambda r: container(r).deployments()))]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
