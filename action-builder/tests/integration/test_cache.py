"""The environment cache: a rebuild with unchanged requirements only unpacks and adds code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flowloom.action_builder.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as builder_pb,
)

from .actions import write_action

pytestmark = [pytest.mark.integration, pytest.mark.slow]

HANDLER = """\
import idna


def handle(inputs):
    return {{"answer": idna.encode("{label}").decode()}}
"""


async def succeeded(harness: Any, source: str) -> builder_pb.ActionBuildSucceeded:
    return await harness.succeeded(await harness.order(source))


@pytest.mark.parametrize("bus_url", ["memory"], indirect=True)
async def test_reuses_environment_when_only_code_changes(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    first = write_action(tmp_path / "v1", "idn", HANDLER.format(label="first"), "idna==3.10\n")
    second = write_action(
        tmp_path / "v2", "idn", HANDLER.format(label="second"), "# same needs\nIDNA == 3.10\n"
    )
    # Its own data dir: an empty uv cache, so the first build is really cold.
    async with builder(data_dir=tmp_path / "data") as harness:
        cold = await succeeded(harness, await harness.upload_action(first))
        cached = await succeeded(harness, await harness.upload_action(second))
        again = await succeeded(harness, await harness.upload_action(first))
        log = await harness.log(cached.logs, tmp_path)
    assert not cold.cache_hit
    assert cached.cache_hit
    assert again.cache_hit
    assert cached.artefact != cold.artefact  # other code, other content address
    assert again.artefact == cold.artefact  # same code and environment: the same bytes
    assert "environment cache: hit" in log

    assert "pip install" not in log
    print(
        f"\ncold build (empty uv cache, no cached environment): {cold.duration_seconds:.2f} s"
        f"\nrebuild with unchanged requirements (cached environment): "
        f"{cached.duration_seconds:.2f} s"
    )
