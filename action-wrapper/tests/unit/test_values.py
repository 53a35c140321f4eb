"""Typed inputs from proto values and checks of returned outputs, for every IO type."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowloom.action_wrapper.errors import ExecutionError
from flowloom.action_wrapper.metadata import Io
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb
from flowloom.action_wrapper.values import check_input, check_output, check_outputs, to_value

REF = pb.FileRef(url="http://s3/x", name="a.csv")


@pytest.mark.parametrize(
    ("io_type", "value", "expected"),
    [
        ("string", pb.Value(string_value="s"), "s"),
        ("longstring", pb.Value(string_value="l\nl"), "l\nl"),
        ("password", pb.Value(string_value="secret"), "secret"),
        ("enum", pb.Value(string_value="b"), "b"),
        ("integer", pb.Value(integer_value=-(2**63)), -(2**63)),
        ("float", pb.Value(float_value=0.25), 0.25),
        ("float", pb.Value(integer_value=3), 3.0),
        ("boolean", pb.Value(boolean_value=False), False),
        ("bytes", pb.Value(bytes_value=b"\x00"), b"\x00"),
        ("file", pb.Value(file_value=REF), REF),
        ("directory", pb.Value(file_value=REF), REF),
    ],
)
def test_input_has_python_type_when_value_matches_declared_type(
    io_type: str, value: pb.Value, expected: object
) -> None:
    converted = check_input(Io("x", io_type, enum_values=("a", "b")), value)
    assert converted == expected
    assert type(converted) is type(expected)


@pytest.mark.parametrize("value", [None, pb.Value(null_value=True), pb.Value()])
def test_input_is_none_when_optional_and_null_or_missing(value: pb.Value | None) -> None:
    assert check_input(Io("x", "integer", optional=True), value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "input 'x' is missing"),
        (pb.Value(null_value=True), "input 'x' is null but not optional"),
    ],
)
def test_input_is_refused_when_required_and_null_or_missing(
    value: pb.Value | None, message: str
) -> None:
    with pytest.raises(ExecutionError, match=message):
        check_input(Io("x", "string"), value)


@pytest.mark.parametrize(
    ("io_type", "value"),
    [
        ("integer", pb.Value(string_value="1")),
        ("integer", pb.Value(float_value=1.0)),
        ("string", pb.Value(integer_value=1)),
        ("boolean", pb.Value(integer_value=1)),
        ("bytes", pb.Value(string_value="b")),
        ("file", pb.Value(string_value="/tmp/a")),
    ],
)
def test_input_is_refused_naming_it_when_value_has_wrong_kind(
    io_type: str, value: pb.Value
) -> None:
    with pytest.raises(ExecutionError, match=f"input 'x' has the wrong type: expected {io_type}"):
        check_input(Io("x", io_type), value)


def test_enum_input_is_refused_when_value_is_not_listed() -> None:
    with pytest.raises(ExecutionError, match="input 'x' must be one of a, b, got 'c'"):
        check_input(Io("x", "enum", enum_values=("a", "b")), pb.Value(string_value="c"))


@pytest.mark.parametrize(
    ("io_type", "value", "expected"),
    [
        ("string", "s", "s"),
        ("longstring", "", ""),
        ("password", "p", "p"),
        ("enum", "a", "a"),
        ("integer", 2**63 - 1, 2**63 - 1),
        ("float", 1.5, 1.5),
        ("float", 2, 2.0),
        ("boolean", True, True),
        ("bytes", bytearray(b"ab"), b"ab"),
    ],
)
def test_output_is_accepted_when_value_has_declared_type(
    io_type: str, value: object, expected: object
) -> None:
    checked = check_output(Io("x", io_type, enum_values=("a",)), value, Path("/"))
    assert checked == expected
    assert type(checked) is type(expected)


@pytest.mark.parametrize(
    ("io_type", "value", "expected"),
    [
        ("string", 1, "expected string, got int"),
        ("enum", 1, "expected enum, got int"),
        ("integer", True, "expected integer, got bool"),
        ("integer", 1.0, "expected integer, got float"),
        ("integer", "1", "expected integer, got str"),
        ("float", "1.5", "expected float, got str"),
        ("float", False, "expected float, got bool"),
        ("boolean", 1, "expected boolean, got int"),
        ("bytes", "ab", "expected bytes, got str"),
        ("file", 3, "expected a path to a file, got int"),
        ("directory", b"/tmp", "expected a path to a directory, got bytes"),
    ],
)
def test_output_is_refused_naming_it_and_type_when_value_has_wrong_type(
    io_type: str, value: object, expected: str
) -> None:
    with pytest.raises(ExecutionError) as refused:
        check_output(Io("out", io_type), value, Path("/"))
    assert str(refused.value) == f"output 'out' has the wrong type: {expected}"


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1])
def test_integer_output_is_refused_when_it_does_not_fit_int64(value: int) -> None:
    with pytest.raises(ExecutionError, match="output 'n' does not fit a 64-bit integer"):
        check_output(Io("n", "integer"), value, Path("/"))


def test_enum_output_is_refused_when_value_is_not_listed() -> None:
    with pytest.raises(ExecutionError, match="output 'e' must be one of a, got 'z'"):
        check_output(Io("e", "enum", enum_values=("a",)), "z", Path("/"))


def test_file_outputs_resolve_against_base_when_paths_are_relative(tmp_path: Path) -> None:
    (tmp_path / "out.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    assert check_output(Io("f", "file"), "out.txt", tmp_path) == tmp_path / "out.txt"
    assert check_output(Io("d", "directory"), tmp_path / "folder", Path("/")) == tmp_path / "folder"


@pytest.mark.parametrize(("io_type", "name"), [("file", "folder"), ("directory", "out.txt")])
def test_file_output_is_refused_when_path_is_missing_or_of_other_kind(
    tmp_path: Path, io_type: str, name: str
) -> None:
    (tmp_path / "out.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    with pytest.raises(ExecutionError, match=f"output 'f': {io_type} .* does not exist"):
        check_output(Io("f", io_type), name, tmp_path)


def test_outputs_report_every_problem_when_several_outputs_are_wrong() -> None:
    declared = [Io("a", "string"), Io("b", "integer"), Io("c", "string", optional=True)]
    with pytest.raises(ExecutionError) as refused:
        check_outputs(declared, {"b": None}, Path("/"))
    assert str(refused.value) == "output 'a' is missing; output 'b' is None"


def test_optional_outputs_are_none_when_missing_or_null() -> None:
    declared = [Io("a", "file", optional=True), Io("b", "integer", optional=True)]
    assert check_outputs(declared, {"b": None}, Path("/")) == ({"a": None, "b": None}, [])


def test_undeclared_outputs_are_ignored_with_warnings_when_returned() -> None:
    checked, warnings = check_outputs([Io("a", "integer")], {"a": 1, "zz": 2}, Path("/"))
    assert checked == {"a": 1}
    assert warnings == ["output 'zz' is not declared: ignored"]


def test_none_is_accepted_when_no_output_is_declared() -> None:
    assert check_outputs([], None, Path("/")) == ({}, [])


def test_none_is_refused_when_outputs_are_declared() -> None:
    with pytest.raises(ExecutionError, match="returned None but outputs are declared: 'a'"):
        check_outputs([Io("a", "string", optional=True)], None, Path("/"))


def test_result_is_refused_when_handler_returns_no_dict() -> None:
    with pytest.raises(ExecutionError, match="must return a dict, got list"):
        check_outputs([], [1], Path("/"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, pb.Value(null_value=True)),
        ("s", pb.Value(string_value="s")),
        (True, pb.Value(boolean_value=True)),
        (7, pb.Value(integer_value=7)),
        (0.5, pb.Value(float_value=0.5)),
        (b"b", pb.Value(bytes_value=b"b")),
    ],
)
def test_proto_value_has_matching_kind_when_output_is_checked_scalar(
    value: object, expected: pb.Value
) -> None:
    assert to_value(value) == expected
