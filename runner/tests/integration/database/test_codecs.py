"""The stored forms: every value (JSON) and workflow shape (its protobuf message) round-trips;
masked values and password literals are sealed."""

from __future__ import annotations

import base64
import json

import pytest

from flowloom.runner.domain.values import IoType, IoValue
from flowloom.runner.domain.workflow import CronTrigger, ManualTrigger
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.values_codec import (
    io_values_from_json,
    io_values_to_json,
    value_from_json,
)
from flowloom.runner.infrastructure.database.version_document import (
    version_from_document,
    version_to_document,
)
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb

from .support import CIPHER, complex_version, every_value, simple_version, source_trigger, spec

pytestmark = pytest.mark.integration

TRIGGERS = {
    "source": source_trigger(),
    "manual": ManualTrigger((spec("message"), spec("size", IoType.INTEGER, optional=True))),
    "cron": CronTrigger("*/5 * * * *", "Europe/Paris", (spec("time"),)),
}


def through_json(data: object) -> object:
    """What a JSON column gives back."""
    return json.loads(json.dumps(data))


def test_round_trips_every_value_type_when_encoded():
    values = every_value()

    decoded = io_values_from_json(through_json(io_values_to_json(values, CIPHER)), CIPHER)

    assert decoded == values
    assert type(decoded["float"].value) is float
    assert type(decoded["integer"].value) is int


def test_seals_masked_values_when_encoded():
    stored = io_values_to_json(every_value(), CIPHER)
    text = json.dumps(stored)

    assert "hunter2" not in text
    assert "derived" not in text
    assert stored["password"].keys() == {"type", "sealed"}
    assert stored["from_password"].keys() == {"type", "secret", "sealed"}
    assert stored["project_secret"] == {"type": "string", "secret": True, "value": None}
    assert stored["string"] == {"type": "string", "value": "text ✓"}


def test_opens_sealed_value_with_previous_key_when_key_was_rotated():
    old_key, new_key = ValueCipher.generate_key(), ValueCipher.generate_key()
    stored = io_values_to_json({"p": IoValue(IoType.PASSWORD, "hunter2")}, ValueCipher(old_key))

    decoded = io_values_from_json(stored, ValueCipher(new_key, old_key))

    assert decoded["p"] == IoValue(IoType.PASSWORD, "hunter2")


def test_raises_when_no_key_opens_a_sealed_value():
    stored = io_values_to_json({"p": IoValue(IoType.PASSWORD, "hunter2")}, CIPHER)

    with pytest.raises(ValueError, match="cannot be decrypted"):
        io_values_from_json(stored, ValueCipher(ValueCipher.generate_key()))


def test_rejects_stored_value_when_shape_is_unknown():
    with pytest.raises(ValueError, match="not a stored value"):
        value_from_json({"unexpected": 1})


@pytest.mark.parametrize("trigger", TRIGGERS.values(), ids=TRIGGERS.keys())
def test_round_trips_complex_version_when_stored(trigger):
    version = complex_version(trigger)

    decoded = version_from_document(through_json(version_to_document(version, CIPHER)), CIPHER)

    assert decoded == version


def test_stores_the_studio_message_with_password_literals_sealed_beside_it():
    stored = version_to_document(complex_version(source_trigger()), CIPHER)
    message = pb.WorkflowVersion.FromString(base64.b64decode(stored["message"]))

    assert b"hunter2" not in message.SerializeToString()
    assert b"s3cret" not in message.SerializeToString()
    assert message.steps[0].inputs[0].literal.string_value == "h\u00e9llo"
    assert [(e["node"], e["input"]) for e in stored["literals"]] == [
        ("first", "password"),
        ("trigger", "login"),
    ]
    assert [CIPHER.unseal(e["sealed"]) for e in stored["literals"]] == ["hunter2", "s3cret"]


def test_stores_no_sealed_literal_when_the_version_has_no_password_literal():
    stored = version_to_document(simple_version(), CIPHER)

    assert stored.keys() == {"format", "message"}
    # read with a key that opens nothing: no password literal, nothing to open
    assert version_from_document(stored, ValueCipher(ValueCipher.generate_key())) == (
        simple_version()
    )


def test_raises_when_no_key_opens_a_sealed_literal():
    stored = version_to_document(complex_version(source_trigger()), CIPHER)

    with pytest.raises(ValueError, match="cannot be decrypted"):
        version_from_document(stored, ValueCipher(ValueCipher.generate_key()))


def test_rejects_version_when_format_is_unknown():
    stored = version_to_document(complex_version(TRIGGERS["manual"]), CIPHER)
    stored["format"] = 99

    with pytest.raises(ValueError, match="unknown workflow version format"):
        version_from_document(stored, CIPHER)
