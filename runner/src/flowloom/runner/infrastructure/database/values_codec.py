"""JSON codec of typed values: every `Value` type, and masked values sealed at rest.

Values are self-describing, so a value decodes to what was stored whatever its `IoType`:
JSON scalars stay themselves; bytes, files, file keys and non-finite floats are tagged objects.
A masked `IoValue` (a password, or a value derived from one) is stored as ``"sealed"``: the
encrypted JSON of its value. A project secret's value is never stored at all (the domain keeps
``IoValue(type, None, secret=True)``), so it has nothing to seal.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping
from typing import Any

from flowloom.runner.domain.values import FileKey, IoType, IoValue, StoredFile, Value
from flowloom.runner.infrastructure.database.cipher import ValueCipher

JsonObject = dict[str, Any]


def value_to_json(value: Value | FileKey) -> Any:
    """The JSON form of a value or of a literal's file key."""
    match value:
        case float() if not math.isfinite(value):
            return {"float": repr(value)}
        case None | bool() | int() | float() | str():
            return value
        case bytes():
            return {"bytes": base64.b64encode(value).decode("ascii")}
        case StoredFile(key=key, name=name, size=size, directory=directory):
            return {"file": {"key": key, "name": name, "size": size, "directory": directory}}
        case FileKey(key=key):
            return {"file_key": key}
    raise TypeError(f"cannot store a value of type {type(value).__name__}")


def value_from_json(data: Any) -> Value | FileKey:
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, dict):
        if "bytes" in data:
            return base64.b64decode(data["bytes"])
        if "file" in data:
            file = data["file"]
            return StoredFile(file["key"], file["name"], file["size"], file["directory"])
        if "file_key" in data:
            return FileKey(data["file_key"])
        if "float" in data:
            return float(data["float"])
    raise ValueError(f"not a stored value: {data!r}")


def io_value_to_json(value: IoValue, cipher: ValueCipher) -> JsonObject:
    data: JsonObject = {"type": str(value.type)}
    if value.secret:
        data["secret"] = True
    encoded = value_to_json(value.value)
    if value.masked and value.value is not None:
        data["sealed"] = cipher.seal(encoded)
    else:
        data["value"] = encoded
    return data


def io_value_from_json(data: JsonObject, cipher: ValueCipher) -> IoValue:
    encoded = cipher.unseal(data["sealed"]) if "sealed" in data else data["value"]
    value = value_from_json(encoded)
    if isinstance(value, FileKey):
        raise ValueError(f"a file key is not a value: {data!r}")
    return IoValue(IoType(data["type"]), value, secret=bool(data.get("secret", False)))


def io_values_to_json(values: Mapping[str, IoValue], cipher: ValueCipher) -> JsonObject:
    return {name: io_value_to_json(value, cipher) for name, value in values.items()}


def io_values_from_json(data: JsonObject, cipher: ValueCipher) -> dict[str, IoValue]:
    return {name: io_value_from_json(value, cipher) for name, value in data.items()}
