"""tools/import_contracts.py: the allow_list contract refuses what it does not name."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import grimp
import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "import_contracts.py"
_spec = importlib.util.spec_from_file_location("import_contracts_tool", TOOL)
assert _spec is not None
assert _spec.loader is not None
_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tool)
AllowListContract: Any = _tool.AllowListContract

SESSION = {"root_packages": ["flowloom.shop", "flowloom.kit"], "include_external_packages": "true"}


def graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    built = grimp.ImportGraph()
    for module in ("flowloom.shop", "flowloom.shop.domain", "flowloom.shop.domain.cart"):
        built.add_module(module)
    built.add_module("flowloom.shop.infrastructure")
    built.add_module("flowloom.kit")
    for importer, imported in imports:
        if imported.split(".")[0] != "flowloom" or imported == "flowloom.adm":
            built.add_module(imported, is_squashed=True)
        built.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
    return built


def illegal(built: grimp.ImportGraph, **options: object) -> list[str]:
    """What the contract on ``flowloom.shop.domain`` refuses (options as the TOML gives them)."""
    contract = AllowListContract(
        "c", SESSION, {"source_modules": ["flowloom.shop.domain"]} | options
    )
    check = contract.check(built, verbose=False)
    assert check.kept == (not check.metadata["illegal"])
    return [link["imported"] for link in check.metadata["illegal"]]


def test_keeps_the_standard_library_and_the_package_itself() -> None:
    cart = "flowloom.shop.domain.cart"
    assert (
        illegal(graph((cart, "dataclasses"), (cart, "__future__"), (cart, "flowloom.shop.domain")))
        == []
    )


@pytest.mark.parametrize(
    "imported", ["lark", "flowloom.kit", "flowloom.shop.infrastructure", "flowloom.adm"]
)
def test_refuses_a_library_or_a_package_of_ours_it_does_not_name(imported: str) -> None:
    assert illegal(graph(("flowloom.shop.domain.cart", imported))) == [imported]


def test_keeps_what_it_names() -> None:
    built = graph(("flowloom.shop.domain.cart", "grpc"), ("flowloom.shop.domain", "flowloom.kit"))
    assert illegal(built, allowed_modules=["grpc", "flowloom.kit"]) == []


def test_keeps_any_library_but_no_package_of_ours_when_third_party_is_allowed() -> None:
    cart = "flowloom.shop.domain.cart"
    built = graph((cart, "lark"), (cart, "flowloom.kit"), (cart, "flowloom.adm"))
    assert illegal(built, allow_third_party="true") == ["flowloom.adm", "flowloom.kit"]
