"""Project secrets reach steps through the studio's sealed messages, newest value first."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from google.protobuf.timestamp_pb2 import Timestamp

from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.servicekit.messaging import Envelope
from flowloom.testkit import testing
from flowloom.testkit.events import envelope

from .builders import deployment, manual, step
from .conftest import Session

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _stamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def secret_set(session: Session, name: str, value: str, at: datetime) -> Envelope:
    sealed = Fernet(session.platform.secrets_transport_key).encrypt(value.encode())
    message = pb.ProjectSecretSet(
        event_id=str(uuid.uuid4()),
        project_id=session.project_id,
        name=name,
        sealed_value=sealed,
        occurred_at=_stamp(at),
    )
    return envelope("studio.events", "secret.set", message)


def secret_deleted(session: Session, name: str, at: datetime) -> Envelope:
    message = pb.ProjectSecretDeleted(
        event_id=str(uuid.uuid4()), project_id=session.project_id, name=name,
        occurred_at=_stamp(at),
    )  # fmt: skip
    return envelope("studio.events", "secret.deleted", message)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


async def test_steps_get_the_newest_secret_value_and_fail_once_it_is_deleted(
    session: Session, envs: dict[str, Path]
) -> None:
    name = f"api-key-{uuid.uuid4().hex[:6]}"
    now = datetime.now(UTC)
    workflow_id, order = deployment(
        session.project_id,
        manual(),
        [step("use", "keyed", envs, {"key": ("secret", name)})],
        {"digest": "use.digest"},
    )
    await session.deploy(order, workflow_id)

    async def run_gives(expected: str | None) -> dict:
        run = await session.finished(await session.start(workflow_id))
        if expected is None:
            return run
        assert run["state"] == "Completed", run
        assert run["results"]["digest"]["value"] == expected
        return run

    await session.platform.publish(secret_set(session, name, "first value", now))

    async def first_value_used() -> bool:
        run = await session.finished(await session.start(workflow_id))
        return run["state"] == "Completed" and run["results"]["digest"]["value"] == digest(
            "first value"
        )

    await testing.eventually(first_value_used, within=30, step=0.2)
    # A changed secret applies to the next execution, without a redeploy; an older message
    # arriving late (out of order) changes nothing.
    await session.platform.publish(secret_set(session, name, "rotated", now + timedelta(seconds=2)))
    await session.platform.publish(secret_set(session, name, "stale", now + timedelta(seconds=1)))

    async def rotated_used() -> bool:
        run = await session.finished(await session.start(workflow_id))
        return run["results"].get("digest", {}).get("value") == digest("rotated")

    await testing.eventually(rotated_used, within=30, step=0.2)
    run = await run_gives(digest("rotated"))
    logs = await session.logs(run, "use")
    assert logs == ["using the key"]

    await session.platform.publish(secret_deleted(session, name, now + timedelta(seconds=3)))

    async def failed_without_secret() -> bool:
        run = await session.finished(await session.start(workflow_id))
        return run["state"] == "Error"

    await testing.eventually(failed_without_secret, within=30, step=0.2)
    run = await run_gives(None)
    assert run["state"] == "Error"
    assert name in run["error"], run["error"]
