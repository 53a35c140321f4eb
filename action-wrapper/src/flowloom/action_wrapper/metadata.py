"""The action as the runner describes it in `Init`: kind and typed input/output definitions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb

TEXT_TYPES = frozenset({"string", "longstring", "password", "enum"})
FILE_TYPES = frozenset({"file", "directory"})
IO_TYPES = TEXT_TYPES | FILE_TYPES | {"integer", "float", "boolean", "bytes"}


class Kind(Enum):
    PROCESSOR = "Processor"
    PUBLISHER = "Publisher"
    SOURCE = "Source"

    @property
    def module_name(self) -> str:
        return "ryax_run" if self is Kind.SOURCE else "ryax_handler"

    @property
    def entry_name(self) -> str:
        return "run" if self is Kind.SOURCE else "handle"


_KINDS = {
    pb.ACTION_KIND_PROCESSOR: Kind.PROCESSOR,
    pb.ACTION_KIND_PUBLISHER: Kind.PUBLISHER,
    pb.ACTION_KIND_SOURCE: Kind.SOURCE,
}


@dataclass(frozen=True, slots=True)
class Io:
    """One declared input or output; `table` is normalised to `file`."""

    name: str
    type: str
    optional: bool = False
    enum_values: tuple[str, ...] = ()

    @property
    def is_file(self) -> bool:
        return self.type in FILE_TYPES

    def describe(self) -> dict[str, object]:
        return {
            "name": self.name,
            "type": self.type,
            "optional": self.optional,
            "enum_values": list(self.enum_values),
        }


@dataclass(frozen=True, slots=True)
class ActionMetadata:
    action_id: str
    version: str
    kind: Kind
    inputs: tuple[Io, ...]
    outputs: tuple[Io, ...]


def metadata_from_request(request: pb.InitRequest) -> ActionMetadata:
    """Validate and convert an `InitRequest`; raise `ValueError` naming what is wrong."""
    kind = _KINDS.get(request.kind)
    if kind is None:
        raise ValueError(f"unsupported action kind {request.kind}")
    return ActionMetadata(
        action_id=request.action_id,
        version=request.version,
        kind=kind,
        inputs=_ios("input", request.inputs),
        outputs=_ios("output", request.outputs),
    )


def _ios(role: str, definitions: Sequence[pb.IoDefinition]) -> tuple[Io, ...]:
    ios: list[Io] = []
    for definition in definitions:
        io_type = "file" if definition.type == "table" else definition.type
        if io_type not in IO_TYPES:
            raise ValueError(f"{role} {definition.name!r} has unknown type {definition.type!r}")
        if any(io.name == definition.name for io in ios):
            raise ValueError(f"duplicate {role} name {definition.name!r}")
        io = Io(definition.name, io_type, definition.optional, tuple(definition.enum_values))
        ios.append(io)
    return tuple(ios)
