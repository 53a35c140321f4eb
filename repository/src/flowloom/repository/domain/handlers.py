"""Checks an action's entry file by parsing it, never importing or running it."""

from __future__ import annotations

import ast


def check_entry(kind: str, source: str) -> list[tuple[int | None, str]]:
    """Return (line, message) problems of ryax_handler.py / ryax_run.py for this kind."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return [(error.lineno, f"syntax error: {error.msg}")]
    functions = {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    if kind != "Source":
        if "handle" not in functions:
            return [(None, "no handle function: define a top-level 'def handle(inputs: dict)'")]
        return []
    run = functions.get("run")
    if run is None:
        return [
            (None, "no async def run: define a top-level 'async def run(service, input_values)'")
        ]
    if not isinstance(run, ast.AsyncFunctionDef):
        return [(run.lineno, "no async def run: 'run' is a plain def, it must be 'async def run'")]
    return []
