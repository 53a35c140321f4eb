"""import-linter's `allow_list` contract: a package imports only what the contract names.

import-linter's own `forbidden` contract is a block-list: a library nobody thought to list (or a
new service) slips past it. This contract lists what may be imported instead, and refuses
everything else that the source modules import directly:

- `source_modules`: the packages checked; each one may always import itself (its descendants).
- `allowed_modules`: what they may import besides: our packages (`flowloom.runner.domain`, with
  their descendants) or third-party top-level packages (`grpc`).
- `allow_standard_library` (default true): any module of Python's standard library
  (`sys.stdlib_module_names`, plus `__future__` and typeshed's `_typeshed`).
- `allow_third_party` (default false): any package outside this repository (ours being the
  top-level names of the root packages: `flowloom`, `flowloom_sdk`).

It needs `include_external_packages = true` (so that third-party and standard-library imports
are in the graph). Registered in pyproject.toml's `[tool.importlinter]` `contract_types`;
`lint-imports` runs from the repository root, which it puts on `sys.path`.
"""

from __future__ import annotations

import sys
from typing import Any

from importlinter import Contract, ContractCheck, fields, output

STANDARD_LIBRARY = frozenset(sys.stdlib_module_names) | {"__future__", "_typeshed"}


class AllowListContract(Contract):
    type_name = "allow_list"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    allowed_modules = fields.ListField(subfield=fields.ModuleField(), required=False, default=[])
    allow_standard_library = fields.BooleanField(required=False, default=True)
    allow_third_party = fields.BooleanField(required=False, default=False)

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        if str(self.session_options.get("include_external_packages")).lower() != "true":
            raise ValueError("allow_list contracts need include_external_packages = true")
        ours = {name.split(".")[0] for name in self.session_options["root_packages"]}
        allowed = [module.name for module in self.allowed_modules]  # type: ignore[attr-defined]
        illegal: list[dict[str, Any]] = []
        for source in self.source_modules:  # type: ignore[attr-defined]
            for importer in sorted({source.name} | graph.find_descendants(source.name)):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    if self._allowed(imported, [source.name, *allowed], ours):
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    lines = tuple(detail["line_number"] for detail in details)
                    illegal.append({"importer": importer, "imported": imported, "lines": lines})
        return ContractCheck(kept=not illegal, warnings=[], metadata={"illegal": illegal})

    def _allowed(self, imported: str, packages: list[str], ours: set[str]) -> bool:
        if any(imported == p or imported.startswith(p + ".") for p in packages):
            return True
        top = imported.split(".")[0]
        if self.allow_standard_library and top in STANDARD_LIBRARY:
            return True
        return bool(self.allow_third_party) and top not in ours and top not in STANDARD_LIBRARY

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Imports of modules the contract does not allow:", bold=False)
        output.new_line()
        for link in check.metadata["illegal"]:
            lines = ", ".join(map(str, link["lines"]))
            text = f"- {link['importer']} -> {link['imported']} (l.{lines})"
            output.print_error(text, bold=False)
        output.new_line()
