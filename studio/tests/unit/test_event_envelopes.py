"""Domain events → envelopes: secret values leave the studio sealed with the transport key."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flowloom.studio.domain.events import SecretDeleted, SecretSet
from flowloom.studio.infrastructure.messaging.events import EnvelopeMapper
from flowloom.studio.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.studio.infrastructure.messaging.transport import TransportCipher

WHEN = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
KEY = TransportCipher.generate_key()


def test_seals_value_when_mapping_secret_set() -> None:
    event = SecretSet("e1", "p1", "smtp", "hunter2-clear", WHEN)

    envelope = EnvelopeMapper(TransportCipher(KEY), "flowloom-studio")(event)

    assert (envelope.exchange, envelope.routing_key) == ("studio.events", "secret.set")
    assert (envelope.type, envelope.message_id) == ("flowloom.studio.v1.ProjectSecretSet", "e1")
    assert b"hunter2" not in envelope.body
    message = pb.ProjectSecretSet.FromString(envelope.body)
    assert (message.event_id, message.project_id, message.name) == ("e1", "p1", "smtp")
    assert message.occurred_at.ToDatetime(UTC) == WHEN
    assert TransportCipher(KEY).unseal(message.sealed_value) == "hunter2-clear"


def test_maps_secret_deleted() -> None:
    envelope = EnvelopeMapper(TransportCipher(KEY), "flowloom-studio")(
        SecretDeleted("e2", "p1", "smtp", WHEN)
    )

    assert (envelope.routing_key, envelope.type) == (
        "secret.deleted",
        "flowloom.studio.v1.ProjectSecretDeleted",
    )
    message = pb.ProjectSecretDeleted.FromString(envelope.body)
    assert (message.event_id, message.project_id, message.name) == ("e2", "p1", "smtp")
    assert message.occurred_at.ToDatetime(UTC) == WHEN


def test_hides_value_when_printing_secret_set() -> None:
    event = SecretSet("e1", "p1", "smtp", "hunter2-clear", WHEN)
    assert "hunter2" not in repr(event)
    assert "hunter2" not in str(event)
    assert "smtp" in repr(event)


def test_opens_with_previous_key_and_refuses_other_key_when_unsealing() -> None:
    old, new = TransportCipher.generate_key(), TransportCipher.generate_key()
    sealed_with_old = TransportCipher(old).seal("v")

    assert TransportCipher(new, old).unseal(sealed_with_old) == "v"
    with pytest.raises(ValueError, match="transport key"):
        TransportCipher(new).unseal(sealed_with_old)


def test_refuses_unknown_event() -> None:
    with pytest.raises(TypeError, match="object"):
        EnvelopeMapper(TransportCipher(KEY), "flowloom-studio")(object())  # type: ignore[arg-type]
