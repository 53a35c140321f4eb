"""The JSON codecs: every value and workflow shape round-trips; masked values are sealed."""

from __future__ import annotations

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
from flowloom.runner.infrastructure.database.workflow_codec import (
    version_from_json,
    version_to_json,
)

from .support import CIPHER, complex_version, every_value, source_trigger, spec

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
def test_round_trips_complex_version_when_encoded(trigger):
    version = complex_version(trigger)

    decoded = version_from_json(through_json(version_to_json(version, CIPHER)), CIPHER)

    assert decoded == version


def test_seals_password_literals_when_version_is_encoded():
    text = json.dumps(version_to_json(complex_version(source_trigger()), CIPHER))

    assert "hunter2" not in text
    assert "s3cret" not in text
    assert "héllo" in text or "h\\u00e9llo" in text


def test_rejects_version_when_format_is_unknown():
    stored = version_to_json(complex_version(TRIGGERS["manual"]), CIPHER)
    stored["format"] = 99

    with pytest.raises(ValueError, match="unknown workflow version format"):
        version_from_json(stored, CIPHER)
