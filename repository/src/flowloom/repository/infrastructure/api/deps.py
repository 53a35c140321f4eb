"""Annotated dependencies: the caller's project and role, and the container's services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Query, Request

from flowloom.repository.application.access import Actor
from flowloom.repository.application.actions import ActionService
from flowloom.repository.application.builds import BuildService
from flowloom.repository.application.scans import ScanService
from flowloom.repository.application.sources import SourceService
from flowloom.servicekit.web.app import provided
from flowloom.servicekit.web.callers import EDIT, Caller, project_caller, requiring
from flowloom.servicekit.web.callers import Cursor as Cursor  # the routers' alias

if TYPE_CHECKING:
    from flowloom.repository.container import Container

PREFIX = "/api/repository"


def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


caller = project_caller()
# A caller who may change sources, scan and build (owner, developer, platform admin).
editor = requiring(caller, EDIT, "change sources, scans or builds")


def actor_of(caller: Caller) -> Actor:
    """Who asks, as the use cases whose rules depend on it take them."""
    return Actor(caller.user_id, caller.is_admin)


CurrentCaller = Annotated[Caller, Depends(caller)]
Editor = Annotated[Caller, Depends(editor)]
Sources = Annotated[SourceService, Depends(provided(lambda r: container(r).sources()))]
Scans = Annotated[ScanService, Depends(provided(lambda r: container(r).scans()))]
Actions = Annotated[ActionService, Depends(provided(lambda r: container(r).actions()))]
Builds = Annotated[BuildService, Depends(provided(lambda r: container(r).builds()))]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
