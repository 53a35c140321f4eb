"""JSON column types for the action definition and scan errors (plain dicts in the database)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from flowloom.repository.domain.action import ActionDefinition, IoItem, Resources, ScanError


def definition_to_json(definition: ActionDefinition) -> dict[str, Any]:
    return asdict(definition)


def definition_from_json(data: dict[str, Any]) -> ActionDefinition:
    def items(raw: list[dict[str, Any]]) -> tuple[IoItem, ...]:
        return tuple(
            IoItem(**{**item, "enum_values": tuple(item.get("enum_values", ()))}) for item in raw
        )

    return ActionDefinition(
        **{
            **data,
            "categories": tuple(data.get("categories", ())),
            "dependencies": tuple(data.get("dependencies", ())),
            "resources": Resources(**data.get("resources", {})),
            "inputs": items(data.get("inputs", [])),
            "outputs": items(data.get("outputs", [])),
        }
    )


class DefinitionJson(TypeDecorator[ActionDefinition]):
    impl = JSON
    cache_ok = True

    def process_bind_param(
        self, value: ActionDefinition | None, dialect: Dialect
    ) -> dict[str, Any] | None:
        return None if value is None else definition_to_json(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> ActionDefinition | None:
        return None if value is None else definition_from_json(value)


class ScanErrorsJson(TypeDecorator[list[ScanError]]):
    impl = JSON
    cache_ok = True

    def process_bind_param(
        self, value: list[ScanError] | None, dialect: Dialect
    ) -> list[dict[str, Any]]:
        return [asdict(error) for error in value or []]

    def process_result_value(self, value: Any, dialect: Dialect) -> list[ScanError]:
        return [ScanError(**item) for item in value or []]
