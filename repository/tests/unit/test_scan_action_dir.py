"""Scanning action directories on disk: metadata, entry, logo, size, discovery."""

from __future__ import annotations

import struct
from pathlib import Path

from flowloom.repository.domain.action import ActionDefinition, IoItem, Resources, ScanError
from flowloom.repository.infrastructure.scanning.directory import (
    find_action_dirs,
    scan_action_dir,
)

from ..io_metadata import every_io_type

HANDLER = "def handle(inputs):\n    return {}\n"
RUN = "async def run(service, input_values):\n    pass\n"


def metadata(kind: str, extra: str = "") -> str:
    lines = ['apiVersion: "ryax.tech/v2.0"', f"kind: {kind}", "spec:", "  id: my-action.v2"]
    lines += ["  human_name: My action", "  type: python3", '  version: "1.0"', *every_io_type()]
    return "\n".join(lines) + "\n" + extra


def write_action(root: Path, kind: str, extra: str = "", name: str = "act") -> Path:
    action = root / "actions" / name
    action.mkdir(parents=True)
    (action / "ryax_metadata.yaml").write_text(metadata(kind, extra))
    entry, source = ("ryax_run.py", RUN) if kind == "Source" else ("ryax_handler.py", HANDLER)
    (action / entry).write_text(source)
    return action


def png(width: int, height: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sII", 13, b"IHDR", width, height) + b"\x08\x06"


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 6) + b"JFIF"
    return b"\xff\xd8" + app0 + b"\xff\xc0" + struct.pack(">HBHH", 11, 8, height, width)


def scan_errors(root: Path, action: Path) -> list[ScanError]:
    result = scan_action_dir(root, action)
    assert isinstance(result, list), result
    return result


def test_returns_definition_when_each_kind_uses_every_io_type(tmp_path: Path) -> None:
    for kind in ("Processor", "Publisher", "Source"):
        extra = "  resources: {cpu: 0.5, memory: 1G, time: 2h, gpu: 1}\n"
        extra += "  dynamic_outputs: true\n" if kind == "Source" else ""
        result = scan_action_dir(tmp_path, write_action(tmp_path, kind, extra, kind.lower()))
        assert isinstance(result, ActionDefinition), result
        assert (result.kind, result.id, result.version) == (kind, "my-action.v2", "1.0")
        assert result.resources == Resources(0.5, 1024**3, 7200.0, 1.0)
        assert result.inputs[0] == IoItem("in_string", "In", "h", "string", (), "s", True)
        assert [item.type for item in result.outputs][-1] == "file"  # table is legacy file
        assert result.inputs[6].enum_values == ("a", "b")
        assert len(result.inputs) == len(result.outputs) == 11


def test_reports_missing_metadata_when_file_is_absent(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert scan_errors(tmp_path, tmp_path / "empty") == [
        ScanError("empty/ryax_metadata.yaml", None, None, "missing ryax_metadata.yaml")
    ]


def test_reports_parser_line_when_yaml_is_invalid(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Processor")
    (action / "ryax_metadata.yaml").write_text("kind: Processor\nspec:\n  id: [a\n  x: 1\n")
    [error] = scan_errors(tmp_path, action)
    assert (error.path, error.line, error.field) == ("actions/act/ryax_metadata.yaml", 4, None)
    assert error.message.startswith("ryax_metadata.yaml is not valid YAML: ")


def test_reports_metadata_errors_with_repo_relative_path_when_invalid(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Processor", "  dynamic_outputs: true\n")
    [error] = scan_errors(tmp_path, action)
    assert error.path == "actions/act/ryax_metadata.yaml"
    assert error.field == "spec.dynamic_outputs"


def test_reports_syntax_error_line_when_handler_is_broken(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Processor")
    (action / "ryax_handler.py").write_text("def handle(inputs):\n    return {\n")
    [error] = scan_errors(tmp_path, action)
    assert (error.path, error.line) == ("actions/act/ryax_handler.py", 2)
    assert error.message.startswith("syntax error: ")


def test_reports_missing_entry_when_run_file_is_absent(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Source")
    (action / "ryax_run.py").unlink()
    assert scan_errors(tmp_path, action) == [
        ScanError(
            "actions/act/ryax_run.py", None, None, "missing ryax_run.py (required for a Source)"
        )
    ]


def test_reports_plain_def_when_source_run_is_not_async(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Source")
    (action / "ryax_run.py").write_text("def run(service, input_values):\n    pass\n")
    [error] = scan_errors(tmp_path, action)
    assert (error.line, error.message) == (
        1,
        "no async def run: 'run' is a plain def, it must be 'async def run'",
    )


def test_reports_no_handle_when_handler_lacks_it(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Publisher")
    (action / "ryax_handler.py").write_text("def main(inputs):\n    return {}\n")
    [error] = scan_errors(tmp_path, action)
    assert error.message.startswith("no handle function")


def test_reports_logo_size_when_png_is_larger_than_250px(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Processor")
    (action / "logo.png").write_bytes(png(251, 10))
    assert scan_errors(tmp_path, action) == [
        ScanError(
            "actions/act/logo.png",
            None,
            None,
            "logo 'logo.png' is 251x10 px; at most 250x250 px is allowed.",
        )
    ]


def test_reports_logo_size_when_named_jpeg_is_too_tall(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Processor", "  logo: img/icon.jpeg\n")
    (action / "img").mkdir()
    (action / "img" / "icon.jpeg").write_bytes(jpeg(100, 300))
    [error] = scan_errors(tmp_path, action)
    assert (error.path, error.field) == ("actions/act/img/icon.jpeg", "spec.logo")
    assert error.message == "logo 'icon.jpeg' is 100x300 px; at most 250x250 px is allowed."


def test_accepts_logo_when_png_and_jpeg_fit(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Processor", "  logo: icon.jpg\n")
    (action / "icon.jpg").write_bytes(jpeg(250, 250))
    (action / "logo.png").write_bytes(png(250, 250))
    assert isinstance(scan_action_dir(tmp_path, action), ActionDefinition)


def test_reports_extension_when_logo_is_not_png_or_jpeg(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Processor", "  logo: logo.gif\n")
    (action / "logo.gif").write_bytes(b"GIF89a")
    assert scan_errors(tmp_path, action) == [
        ScanError(
            "actions/act/logo.gif",
            None,
            "spec.logo",
            "logo 'logo.gif' must be a png, jpg or jpeg file.",
        )
    ]


def test_reports_missing_logo_when_named_file_is_absent(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Processor", "  logo: logo.png\n")
    line = metadata("Processor").count("\n") + 1
    assert scan_errors(tmp_path, action) == [
        ScanError(
            "actions/act/ryax_metadata.yaml",
            line,
            "spec.logo",
            "logo file 'logo.png' does not exist.",
        )
    ]


def test_reports_size_when_directory_exceeds_limit(tmp_path: Path) -> None:
    action = write_action(tmp_path, "Processor")
    (action / "data.bin").write_bytes(b"x" * 5000)
    result = scan_action_dir(tmp_path, action, max_bytes=4000)
    assert result == [
        ScanError("actions/act", None, None, "the action directory is larger than 4000 bytes.")
    ]


def test_ignores_nested_action_when_inside_another_action(tmp_path: Path) -> None:
    outer = write_action(tmp_path, "Processor", name="outer")
    (outer / "inner").mkdir()
    (outer / "inner" / "ryax_metadata.yaml").write_text("kind: Source\n")
    other = write_action(tmp_path, "Source", name="other")
    assert find_action_dirs(tmp_path) == [other, outer]


def test_ignores_git_directory_when_it_holds_metadata(tmp_path: Path) -> None:
    (tmp_path / ".git" / "x").mkdir(parents=True)
    (tmp_path / ".git" / "x" / "ryax_metadata.yaml").write_text("kind: Source\n")
    action = write_action(tmp_path, "Processor")
    assert find_action_dirs(tmp_path) == [action]
