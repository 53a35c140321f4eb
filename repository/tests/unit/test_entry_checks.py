"""Entry files are checked by parsing them, never by importing them."""

from __future__ import annotations

from flowloom.repository.domain.handlers import check_entry


def test_accepts_handler_when_handle_is_sync_or_async() -> None:
    assert check_entry("Processor", "def handle(inputs):\n    return {}\n") == []
    assert check_entry("Publisher", "async def handle(inputs):\n    return {}\n") == []


def test_reports_syntax_error_line_when_handler_does_not_parse() -> None:
    assert check_entry("Processor", "import os\n\ndef handle(:\n") == [
        (3, "syntax error: invalid syntax")
    ]


def test_reports_no_handle_when_handle_is_only_nested() -> None:
    source = "class A:\n    def handle(self):\n        pass\n"
    assert check_entry("Processor", source) == [
        (None, "no handle function: define a top-level 'def handle(inputs: dict)'")
    ]


def test_reports_plain_def_when_source_run_is_not_async() -> None:
    assert check_entry("Source", "x = 1\ndef run(service, input_values):\n    pass\n") == [
        (2, "no async def run: 'run' is a plain def, it must be 'async def run'")
    ]


def test_reports_no_async_run_when_source_has_no_run() -> None:
    assert check_entry("Source", "async def handle(inputs):\n    pass\n") == [
        (None, "no async def run: define a top-level 'async def run(service, input_values)'")
    ]


def test_never_executes_code_when_checking() -> None:
    source = "raise SystemExit('executed')\nasync def run(service, input_values):\n    pass\n"
    assert check_entry("Source", source) == []
