"""Every ryax_metadata.yaml rule, with its field path, line and message."""

from __future__ import annotations

import pytest

from flowloom.repository.domain.action import ActionDefinition, ScanError
from flowloom.repository.domain.validation import validate_metadata
from flowloom.repository.infrastructure.scanning.yaml_lines import parse_yaml

BASE = """\
apiVersion: "ryax.tech/v2.0"
kind: Processor
spec:
  id: writer
  human_name: Writer
  type: python3
  version: "1.0"
  inputs:
    - name: text
      human_name: Text
      help: Text to write
      type: string
  outputs:
    - name: path
      human_name: Path
      help: Written file
      type: file
"""
VERSION_LINE = '  version: "1.0"\n'
INPUT_TYPE = "      type: string\n"
OUTPUT_TYPE = "      type: file\n"
ITEM = "      human_name: H\n      help: h\n      type: string\n"


def errors_of(text: str) -> list[ScanError]:
    document, locate = parse_yaml(text)
    result = validate_metadata(document, locate)
    assert isinstance(result, list), "expected scan errors"
    return result


def mutate(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


def in_spec(*lines: str) -> str:
    """Insert lines right after `version`, so the first one is line 8."""
    return mutate(VERSION_LINE, VERSION_LINE + "".join(f"  {line}\n" for line in lines))


def flow(count: int, width: int = 2) -> str:
    return "[" + ", ".join(f"v{i:0{width}d}" for i in range(count)) + "]"


CASES = [
    # (case id, yaml text, field, line, message)
    (
        "top_key",
        BASE + "extra: 1\n",
        "extra",
        18,
        "Unknown key 'extra' in the top level: allowed keys are apiVersion, kind, spec.",
    ),
    (
        "api_v1",
        mutate('"ryax.tech/v2.0"', '"ryax.tech/v1"'),
        "apiVersion",
        1,
        "Metadata apiVersion v1 no longer supported.",
    ),
    (
        "api_other",
        mutate('"ryax.tech/v2.0"', '"ryax.tech/v3"'),
        "apiVersion",
        1,
        "apiVersion must be \"ryax.tech/v2.0\" (got 'ryax.tech/v3').",
    ),
    (
        "kind",
        mutate("kind: Processor", "kind: Thing"),
        "kind",
        2,
        "kind must be one of Processor, Source, Publisher (got 'Thing').",
    ),
    (
        "spec_key",
        in_spec("colour: red"),
        "spec.colour",
        8,
        "Unknown key 'colour' in spec: allowed keys are id, human_name, type, version, "
        "description, logo, categories, dependencies, options, resources, dynamic_outputs, "
        "addons, inputs, outputs.",
    ),
    ("id_missing", mutate("  id: writer\n", ""), "spec.id", 3, "spec.id is required."),
    (
        "id_short",
        mutate("id: writer", "id: ab"),
        "spec.id",
        4,
        "spec.id must be 3 to 24 characters long (it has 2).",
    ),
    (
        "id_long",
        mutate("id: writer", "id: " + "a" * 25),
        "spec.id",
        4,
        "spec.id must be 3 to 24 characters long (it has 25).",
    ),
    (
        "id_chars",
        mutate("id: writer", "id: Writer_1"),
        "spec.id",
        4,
        "spec.id may only contain lowercase letters, digits, '-' and '.' (got 'Writer_1').",
    ),
    (
        "human_name_missing",
        mutate("  human_name: Writer\n", ""),
        "spec.human_name",
        3,
        "spec.human_name is required.",
    ),
    (
        "human_name_short",
        mutate("human_name: Writer", "human_name: Wr"),
        "spec.human_name",
        5,
        "spec.human_name must be 3 to 128 characters long (it has 2).",
    ),
    ("type_missing", mutate("  type: python3\n", ""), "spec.type", 3, "spec.type is required."),
    (
        "type",
        mutate("type: python3", "type: python2"),
        "spec.type",
        6,
        "spec.type must be one of python3, python3-cuda, nodejs, csharp-dotnet6 (got 'python2').",
    ),
    (
        "version_number",
        mutate(VERSION_LINE, "  version: 1.0\n"),
        "spec.version",
        7,
        'spec.version must be a string (quote it: "1.0").',
    ),
    (
        "version_short",
        mutate(VERSION_LINE, '  version: "1"\n'),
        "spec.version",
        7,
        "spec.version must be 3 to 128 characters long (it has 1).",
    ),
    (
        "description",
        in_spec("description: [a]"),
        "spec.description",
        8,
        "spec.description must be a string, not a list.",
    ),
    (
        "logo_absolute",
        in_spec("logo: /etc/logo.png"),
        "spec.logo",
        8,
        "spec.logo must be a relative path (got '/etc/logo.png').",
    ),
    (
        "logo_parent",
        in_spec("logo: ../logo.png"),
        "spec.logo",
        8,
        "spec.logo must stay inside the action directory (got '../logo.png').",
    ),
    (
        "categories_count",
        in_spec("categories: " + flow(33)),
        "spec.categories",
        8,
        "spec.categories may have at most 32 entries (it has 33).",
    ),
    (
        "category_long",
        in_spec("categories: [ok, " + "c" * 33 + "]"),
        "spec.categories[1]",
        8,
        "spec.categories[1] must be 1 to 32 characters long (it has 33).",
    ),
    (
        "dependencies_count",
        in_spec("dependencies: " + flow(65)),
        "spec.dependencies",
        8,
        "spec.dependencies may have at most 64 entries (it has 65).",
    ),
    (
        "dependency_type",
        in_spec("dependencies: [3]"),
        "spec.dependencies[0]",
        8,
        "spec.dependencies[0] must be a string, not an integer.",
    ),
    (
        "options_type",
        in_spec("options: 3"),
        "spec.options",
        8,
        "spec.options must be a mapping, not an integer.",
    ),
    (
        "python_version",
        in_spec("options:", "  python:", "    version: 3.11"),
        "spec.options.python.version",
        10,
        'spec.options.python.version must be a string (quote it: "3.11").',
    ),
    (
        "cpu",
        in_spec("resources: {cpu: 0.05}"),
        "spec.resources.cpu",
        8,
        "spec.resources.cpu must be at least 0.1 (got 0.05).",
    ),
    (
        "cpu_type",
        in_spec("resources: {cpu: many}"),
        "spec.resources.cpu",
        8,
        "spec.resources.cpu must be a number, not a string.",
    ),
    (
        "memory_int",
        in_spec("resources: {memory: 1000}"),
        "spec.resources.memory",
        8,
        "spec.resources.memory must be at least 1000000 bytes (got 1000).",
    ),
    (
        "memory_unit_small",
        in_spec("resources:", "  memory: 32M"),
        "spec.resources.memory",
        9,
        "spec.resources.memory must be above 32M (got '32M').",
    ),
    (
        "memory_format",
        in_spec("resources: {memory: lots}"),
        "spec.resources.memory",
        8,
        "spec.resources.memory must be a number of bytes or a string with a K, M, G or T unit "
        "such as \"512M\" (got 'lots').",
    ),
    (
        "time",
        in_spec("resources: {time: 0}"),
        "spec.resources.time",
        8,
        "spec.resources.time must be at least 1 (got 0).",
    ),
    (
        "time_format",
        in_spec("resources: {time: 10x}"),
        "spec.resources.time",
        8,
        "spec.resources.time must be a number of seconds or a string with an s, m, h or d unit "
        "such as \"30m\" (got '10x').",
    ),
    (
        "gpu",
        in_spec("resources: {gpu: 0.5}"),
        "spec.resources.gpu",
        8,
        "spec.resources.gpu must be at least 1 (got 0.5).",
    ),
    (
        "resource_key",
        in_spec("resources:", "  disk: 1"),
        "spec.resources.disk",
        9,
        "Unknown key 'disk' in spec.resources: allowed keys are cpu, memory, time, gpu.",
    ),
    (
        "dynamic_outputs_kind",
        in_spec("dynamic_outputs: true"),
        "spec.dynamic_outputs",
        8,
        "Only trigger actions may have dynamic outputs",
    ),
    (
        "dynamic_outputs_type",
        in_spec("dynamic_outputs: 3"),
        "spec.dynamic_outputs",
        8,
        "spec.dynamic_outputs must be true or false, not an integer.",
    ),
    (
        "addons",
        in_spec("addons: [a]"),
        "spec.addons",
        8,
        "spec.addons must be a mapping, not a list.",
    ),
    (
        "inputs_type",
        mutate(
            "  inputs:\n    - name: text\n"
            + "      human_name: Text\n      help: Text to write\n"
            + INPUT_TYPE,
            "  inputs: 3\n",
        ),
        "spec.inputs",
        8,
        "spec.inputs must be a list, not an integer.",
    ),
    (
        "outputs_count",
        BASE + "".join(f"    - name: o{i}\n{ITEM}" for i in range(64)),
        "spec.outputs",
        13,
        "spec.outputs may have at most 64 outputs (it has 65).",
    ),
    (
        "io_name_missing",
        mutate("    - name: text\n      human_name", "    - human_name"),
        "spec.inputs[0].name",
        9,
        "spec.inputs[0].name is required.",
    ),
    (
        "io_name_long",
        mutate("name: text", "name: " + "n" * 65),
        "spec.inputs[0].name",
        9,
        "spec.inputs[0].name must be 1 to 64 characters long (it has 65).",
    ),
    (
        "io_human_name_missing",
        mutate("      human_name: Text\n", ""),
        "spec.inputs[0].human_name",
        9,
        "spec.inputs[0].human_name is required.",
    ),
    (
        "io_human_name_long",
        mutate("human_name: Text", "human_name: " + "h" * 129),
        "spec.inputs[0].human_name",
        10,
        "spec.inputs[0].human_name must be 0 to 128 characters long (it has 129).",
    ),
    (
        "io_help_missing",
        mutate("      help: Text to write\n", ""),
        "spec.inputs[0].help",
        9,
        "spec.inputs[0].help is required.",
    ),
    (
        "io_help_long",
        mutate("help: Text to write", "help: " + "h" * 10001),
        "spec.inputs[0].help",
        11,
        "spec.inputs[0].help must be 0 to 10000 characters long (it has 10001).",
    ),
    (
        "io_type_missing",
        mutate(INPUT_TYPE, ""),
        "spec.inputs[0].type",
        9,
        "spec.inputs[0].type is required.",
    ),
    (
        "io_type",
        mutate(INPUT_TYPE, "      type: text\n"),
        "spec.inputs[0].type",
        12,
        "spec.inputs[0].type must be one of string, longstring, password, integer, float, "
        "boolean, enum, file, directory, bytes, table (got 'text').",
    ),
    (
        "enum_without_values",
        mutate(INPUT_TYPE, "      type: enum\n"),
        "spec.inputs[0].type",
        12,
        "spec.inputs[0] is an enum but has no enum_values.",
    ),
    (
        "enum_values_count",
        mutate(INPUT_TYPE, "      type: enum\n      enum_values: " + flow(65) + "\n"),
        "spec.inputs[0].enum_values",
        13,
        "spec.inputs[0].enum_values may have at most 64 entries (it has 65).",
    ),
    (
        "enum_values_type",
        mutate(INPUT_TYPE, "      type: enum\n      enum_values: [a, 2]\n"),
        "spec.inputs[0].enum_values[1]",
        13,
        "spec.inputs[0].enum_values[1] must be a string, not an integer.",
    ),
    (
        "default_on_output",
        BASE + "      default_value: x\n",
        "spec.outputs[0].default_value",
        18,
        "spec.outputs[0].default_value is only allowed on inputs.",
    ),
    (
        "default_type",
        mutate(INPUT_TYPE, "      type: integer\n      default_value: abc\n"),
        "spec.inputs[0].default_value",
        13,
        "spec.inputs[0].default_value must be a 64-bit integer for a integer input, not a string.",
    ),
    (
        "default_enum",
        mutate(INPUT_TYPE, "      type: enum\n      enum_values: [a]\n      default_value: b\n"),
        "spec.inputs[0].default_value",
        14,
        "spec.inputs[0].default_value 'b' is not one of the enum_values.",
    ),
    (
        "optional_type",
        mutate(INPUT_TYPE, INPUT_TYPE + "      optional: 1\n"),
        "spec.inputs[0].optional",
        13,
        "spec.inputs[0].optional must be true or false, not an integer.",
    ),
    (
        "io_key",
        mutate(INPUT_TYPE, INPUT_TYPE + "      colour: red\n"),
        "spec.inputs[0].colour",
        13,
        "Unknown key 'colour' in spec.inputs[0]: allowed keys are name, human_name, help, type, "
        "enum_values, default_value, optional.",
    ),
    (
        "duplicate_input",
        mutate(INPUT_TYPE, INPUT_TYPE + "    - name: text\n" + ITEM),
        "spec.inputs[1].name",
        13,
        "Duplicate input name 'text': spec.inputs[0] already uses it.",
    ),
    (
        "duplicate_output",
        BASE + "    - name: path\n" + ITEM,
        "spec.outputs[1].name",
        18,
        "Duplicate output name 'path': spec.outputs[0] already uses it.",
    ),
]


@pytest.mark.parametrize(
    ("text", "field", "line", "message"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_reports_field_line_and_message_when_rule_is_broken(
    text: str, field: str, line: int, message: str
) -> None:
    assert errors_of(text) == [ScanError("ryax_metadata.yaml", line, field, message)]


def test_accepts_base_document_when_every_rule_holds() -> None:
    document, locate = parse_yaml(BASE)
    assert isinstance(validate_metadata(document, locate), ActionDefinition)


def test_collects_every_error_when_several_rules_are_broken() -> None:
    text = mutate("id: writer", "id: A").replace("type: python3", "type: go")
    fields = [error.field for error in errors_of(text + "extra: 1\n")]
    assert fields == ["extra", "spec.id", "spec.type"]


def test_reports_missing_spec_when_document_has_no_spec() -> None:
    errors = errors_of('apiVersion: "ryax.tech/v2.0"\nkind: Source\n')
    assert errors == [ScanError("ryax_metadata.yaml", 1, "spec", "spec is required.")]


def test_reports_mapping_error_when_document_is_a_list() -> None:
    errors = errors_of("- a\n")
    assert [error.message for error in errors] == [
        "ryax_metadata.yaml must be a mapping with apiVersion, kind and spec."
    ]
