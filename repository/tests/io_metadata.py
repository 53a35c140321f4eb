"""The inputs and outputs of an action declaring one of every IO type, as metadata lines."""

from __future__ import annotations

IO_TYPES = "string longstring password integer float boolean enum file directory bytes table"
DEFAULTS = {"string": '"s"', "integer": "3", "float": "1.5", "boolean": "true", "enum": "a"}


def every_io_type(human_name: str = "{direction}") -> list[str]:
    """The ``inputs:`` (each optional, with a default where its type has one) and ``outputs:``
    lines of ``ryax_metadata.yaml``; ``human_name`` may say ``{direction}`` (In, Out) and
    ``{io_type}``."""
    lines = ["  inputs:"]
    for io_type in IO_TYPES.split():
        human = human_name.format(direction="In", io_type=io_type)
        lines += [f"    - name: in_{io_type}", f"      human_name: {human}", "      help: h"]
        lines += [f"      type: {io_type}", "      optional: true"]
        if io_type == "enum":
            lines.append("      enum_values: [a, b]")
        if io_type in DEFAULTS:
            lines.append(f"      default_value: {DEFAULTS[io_type]}")
    lines.append("  outputs:")
    for io_type in IO_TYPES.split():
        human = human_name.format(direction="Out", io_type=io_type)
        lines += [f"    - name: out_{io_type}", f"      human_name: {human}", "      help: h"]
        lines += [f"      type: {io_type}"] + (
            ["      enum_values: [a]"] if io_type == "enum" else []
        )
    return lines
