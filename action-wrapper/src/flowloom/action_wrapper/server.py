"""The gRPC servicer: `Init` loads the action, `Run` executes it (one at a time), `Health`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import grpc
import httpx

from flowloom.action_wrapper.archives import ExtractionLimits
from flowloom.action_wrapper.cache import ObjectCache
from flowloom.action_wrapper.capture import LogSink, OutputCapture
from flowloom.action_wrapper.errors import failed_by
from flowloom.action_wrapper.loader import LoadedAction, LoadError, load_action
from flowloom.action_wrapper.metadata import Kind, metadata_from_request
from flowloom.action_wrapper.processor import run_processor
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2_grpc as pb_grpc
from flowloom.action_wrapper.source import run_source
from flowloom.action_wrapper.transfer import Transfers, http_client
from flowloom.action_wrapper.workspace import Workspaces

log = logging.getLogger(__name__)


class ActionWrapperServicer(pb_grpc.ActionWrapperServicer):
    """Serves one action directory; runs one execution at a time (handlers share fixed paths).

    ``cache`` is the host's object cache shared with the other wrappers (None: no cache);
    ``object_store_socket`` the Unix socket presigned URLs are reached through (None: direct);
    ``limits`` bound what a directory input's archive may hold.
    """

    def __init__(
        self,
        action_dir: Path,
        cache: ObjectCache | None = None,
        *,
        object_store_socket: Path | None = None,
        limits: ExtractionLimits | None = None,
    ) -> None:
        self._action_dir = action_dir
        self._cache = cache
        self._object_store_socket = object_store_socket
        self._limits = limits or ExtractionLimits()
        self._action: LoadedAction | None = None
        self._execution: asyncio.Task[None] | None = None
        self._http: httpx.AsyncClient | None = None
        self._workspaces = Workspaces()
        self._output = OutputCapture()

    def _client(self) -> httpx.AsyncClient:
        """One HTTP client for the wrapper's life, made in the serving loop on first use."""
        if self._http is None:
            self._http = http_client(self._object_store_socket)
        return self._http

    @property
    def busy(self) -> bool:
        return self._execution is not None

    async def Init(  # noqa: N802 - gRPC method name
        self, request: pb.InitRequest, context: grpc.aio.ServicerContext[pb.InitRequest, object]
    ) -> pb.InitResponse:
        try:
            metadata = metadata_from_request(request)
        except ValueError as error:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(error))
        if self._action is not None:
            if self._action.metadata == metadata:
                return pb.InitResponse()  # the runner retried: nothing to do
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, "already initialized")
        try:
            self._action = load_action(self._action_dir, metadata)
        except LoadError as error:
            log.warning("cannot load the action: %s", error)
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(error))
        log.info("loaded %s %s (%s)", metadata.action_id, metadata.version, metadata.kind.value)
        return pb.InitResponse()

    async def Run(  # noqa: N802 - gRPC method name
        self, request: pb.RunRequest, context: grpc.aio.ServicerContext[pb.RunRequest, pb.RunEvent]
    ) -> AsyncIterator[pb.RunEvent]:
        action = self._action
        if action is None:
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, "Init has not succeeded")
        async for event in self._events(action, request, context):
            yield event

    async def Session(  # noqa: N802 - gRPC method name
        self,
        requests: AsyncIterator[pb.RunRequest],
        context: grpc.aio.ServicerContext[pb.RunRequest, pb.RunEvent],
    ) -> AsyncIterator[pb.RunEvent]:
        """Executions one after the other on one stream (processors and publishers)."""
        action = self._action
        if action is None:
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, "Init has not succeeded")
        if action.metadata.kind is Kind.SOURCE:
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, "a source runs through Run")
        async for request in requests:
            async for event in self._events(action, request, context):
                yield event

    async def _events(
        self,
        action: LoadedAction,
        request: pb.RunRequest,
        context: grpc.aio.ServicerContext[pb.RunRequest, pb.RunEvent],
    ) -> AsyncIterator[pb.RunEvent]:
        """The events of one execution, its terminal event last; cancelled with the call."""
        if self._execution is not None:
            await context.abort(
                grpc.StatusCode.RESOURCE_EXHAUSTED, "an execution is already running"
            )
        loop = asyncio.get_running_loop()
        events: asyncio.Queue[pb.RunEvent | None] = asyncio.Queue()

        def emit(event: pb.RunEvent | None) -> None:  # from any thread, in order
            loop.call_soon_threadsafe(events.put_nowait, event)

        execution = asyncio.create_task(self._execute(action, request, emit))
        self._execution = execution
        try:
            while (event := await events.get()) is not None:
                yield event
        finally:
            if not execution.done():
                log.info("execution %s cancelled by the runner", request.execution_id)
                execution.cancel()
        if execution.cancelled():
            await context.abort(grpc.StatusCode.UNAVAILABLE, "the action wrapper is stopping")

    async def Health(  # noqa: N802 - gRPC method name
        self, request: pb.HealthRequest, context: grpc.aio.ServicerContext[pb.HealthRequest, object]
    ) -> pb.HealthResponse:
        metadata = self._action.metadata if self._action else None
        return pb.HealthResponse(
            ready=metadata is not None,
            busy=self.busy,
            action_id=metadata.action_id if metadata else "",
            version=metadata.version if metadata else "",
        )

    def close(self) -> None:
        """Remove the reused workspace and restore stdout/stderr (once the server stopped)."""
        self._workspaces.close()
        self._output.close()

    def stop_source(self) -> None:
        """Cancel a running source (it never ends by itself); processors may finish."""
        if self._execution and self._action and self._action.metadata.kind is Kind.SOURCE:
            self._execution.cancel()

    async def _execute(
        self,
        action: LoadedAction,
        request: pb.RunRequest,
        emit: Callable[[pb.RunEvent | None], None],
    ) -> None:
        """Run to the end, then emit the terminal event (if any) and the end-of-stream marker."""
        sink = LogSink(emit)
        terminal: pb.RunEvent | None = None
        try:
            if action.metadata.kind is Kind.SOURCE:
                files = Transfers(self._client(), limits=self._limits)
                terminal = await run_source(action, request, emit, sink, files)
            else:
                files = Transfers(self._client(), self._cache, limits=self._limits)
                terminal = await run_processor(
                    action, request, sink, files, self._workspaces, self._output
                )
        except Exception as error:  # a wrapper bug must still end the stream properly
            log.exception("execution %s failed in the wrapper", request.execution_id)
            terminal = failed_by(error)
        finally:
            sink.close()
            self._execution = None
            if terminal is not None:
                emit(terminal)
            emit(None)
