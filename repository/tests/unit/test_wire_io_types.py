"""An action's IO items on the wire: the common IoType enum and, for older consumers, the name."""

from __future__ import annotations

from flowloom.repository.domain.action import IO_TYPES, IoItem
from flowloom.repository.infrastructure.messaging.definitions import io_item
from flowloom.repository.infrastructure.messaging.protobuf.common.v1 import io_type_pb2


def test_every_io_type_but_the_legacy_table_has_its_wire_enum() -> None:
    wire = set(io_type_pb2.IoType.keys()) - {"IO_TYPE_UNSPECIFIED"}
    assert wire == {f"IO_TYPE_{name.upper()}" for name in IO_TYPES if name != "table"}


def test_an_io_item_carries_both_the_enum_and_the_legacy_name() -> None:
    message = io_item(IoItem("report", "Report", "help", "directory"))
    assert (message.type, message.legacy_type) == (io_type_pb2.IO_TYPE_DIRECTORY, "directory")
