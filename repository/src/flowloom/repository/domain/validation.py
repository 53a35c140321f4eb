"""Validates a parsed ryax_metadata.yaml document into an ActionDefinition."""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from flowloom.repository.domain.action import ACTION_TYPES, KINDS, ActionDefinition, ScanError
from flowloom.repository.domain.findings import Findings, Locate, describe, is_number
from flowloom.repository.domain.io_items import validate_io_list
from flowloom.repository.domain.resources import validate_resources

API_VERSION = "ryax.tech/v2.0"
V1_MESSAGE = "Metadata apiVersion v1 no longer supported."
DYNAMIC_OUTPUTS_MESSAGE = "Only trigger actions may have dynamic outputs"
TOP_KEYS = ("apiVersion", "kind", "spec")
SPEC_KEYS = (
    "id",
    "human_name",
    "type",
    "version",
    "description",
    "logo",
    "categories",
    "dependencies",
    "options",
    "resources",
    "dynamic_outputs",
    "addons",
    "inputs",
    "outputs",
)
_ID = re.compile(r"^[a-z0-9-.]+$")


def validate_metadata(
    document: object, locate: Locate, file_path: str = "ryax_metadata.yaml"
) -> ActionDefinition | list[ScanError]:
    """Return the action definition, or every error found in the document."""
    findings = Findings(locate, file_path)
    top = findings.mapping((), document) if isinstance(document, dict) else None
    if top is None:
        findings.add((), "ryax_metadata.yaml must be a mapping with apiVersion, kind and spec.")
        return findings.errors
    findings.unknown_keys((), top, TOP_KEYS)
    findings.required((), top, TOP_KEYS)
    _check_api_version(findings, top.get("apiVersion"))
    kind = top.get("kind")
    if kind is not None and kind not in KINDS:
        findings.add(("kind",), f"kind must be one of {', '.join(KINDS)} (got {kind!r}).")
    spec = findings.mapping(("spec",), top["spec"]) if top.get("spec") is not None else None
    definition = _spec(findings, spec, kind) if spec is not None else None
    if findings.errors or definition is None:
        return findings.errors
    return definition


def _check_api_version(findings: Findings, value: object) -> None:
    if value is None or value == API_VERSION:
        return
    if isinstance(value, str) and value.startswith("ryax.tech/v1"):
        findings.add(("apiVersion",), V1_MESSAGE)
    else:
        findings.add(("apiVersion",), f'apiVersion must be "{API_VERSION}" (got {value!r}).')


def _spec(findings: Findings, spec: dict[str, object], kind: object) -> ActionDefinition | None:
    findings.unknown_keys(("spec",), spec, SPEC_KEYS)
    findings.required(("spec",), spec, ("id", "human_name", "type"))
    action_id = _id(findings, spec.get("id"))
    human_name = _opt(
        spec, "human_name", lambda v: findings.string(("spec", "human_name"), v, 3, 128)
    )
    action_type = spec.get("type")
    if action_type is not None and action_type not in ACTION_TYPES:
        findings.add(
            ("spec", "type"),
            f"spec.type must be one of {', '.join(ACTION_TYPES)} (got {action_type!r}).",
        )
    version = _version(findings, spec.get("version"))
    description = _opt(
        spec, "description", lambda v: findings.string(("spec", "description"), v, 0, 10**9)
    )
    logo = _logo(findings, spec.get("logo"))
    categories = _opt(
        spec, "categories", lambda v: findings.string_list(("spec", "categories"), v, 32, 1, 32)
    )
    dependencies = _opt(
        spec,
        "dependencies",
        lambda v: findings.string_list(("spec", "dependencies"), v, 64, 1, 1000),
    )
    options = _options(findings, spec.get("options"))
    resources = validate_resources(findings, ("spec", "resources"), spec.get("resources", {}))
    dynamic_outputs = _dynamic_outputs(findings, spec.get("dynamic_outputs", False), kind)
    addons = _opt(spec, "addons", lambda v: findings.mapping(("spec", "addons"), v))
    inputs = validate_io_list(findings, ("spec", "inputs"), spec.get("inputs", []))
    outputs = validate_io_list(findings, ("spec", "outputs"), spec.get("outputs", []))
    if findings.errors:
        return None
    assert isinstance(action_id, str)
    assert isinstance(human_name, str)
    return ActionDefinition(
        id=action_id,
        version=version,
        kind=str(kind),
        human_name=human_name,
        type=str(action_type),
        description=description,
        logo=logo,
        categories=categories or (),
        dependencies=dependencies or (),
        options=options,
        resources=resources,
        dynamic_outputs=dynamic_outputs,
        addons=addons or {},
        inputs=inputs,
        outputs=outputs,
    )


def _opt(spec: dict[str, object], key: str, check: Any) -> Any:
    value = spec.get(key)
    return None if value is None else check(value)


def _id(findings: Findings, value: object) -> str | None:
    if value is None:
        return None
    checked = findings.string(("spec", "id"), value, 3, 24)
    if checked is not None and not _ID.match(checked):
        findings.add(
            ("spec", "id"),
            f"spec.id may only contain lowercase letters, digits, '-' and '.' (got {checked!r}).",
        )
        return None
    return checked


def _version(findings: Findings, value: object) -> str | None:
    if value is None:
        return None
    if is_number(value):
        findings.add(("spec", "version"), f'spec.version must be a string (quote it: "{value}").')
        return None
    return findings.string(("spec", "version"), value, 3, 128)


def _logo(findings: Findings, value: object) -> str | None:
    if value is None:
        return None
    logo = findings.string(("spec", "logo"), value, 1, 4096)
    if logo is None:
        return None
    if PurePosixPath(logo).is_absolute() or PureWindowsPath(logo).is_absolute():
        findings.add(("spec", "logo"), f"spec.logo must be a relative path (got {logo!r}).")
        return None
    if ".." in PurePosixPath(logo.replace("\\", "/")).parts:
        findings.add(
            ("spec", "logo"), f"spec.logo must stay inside the action directory (got {logo!r})."
        )
        return None
    return logo


def _options(findings: Findings, value: object) -> dict[str, Any]:
    if value is None:
        return {}
    options = findings.mapping(("spec", "options"), value)
    if options is None:
        return {}
    python = options.get("python")
    if python is not None:
        python_options = findings.mapping(("spec", "options", "python"), python)
        version = python_options.get("version") if python_options else None
        if version is not None and not isinstance(version, str):
            findings.add(
                ("spec", "options", "python", "version"),
                f'spec.options.python.version must be a string (quote it: "{version}").',
            )
    return dict(options)


def _dynamic_outputs(findings: Findings, value: object, kind: object) -> bool:
    if not isinstance(value, bool):
        findings.add(
            ("spec", "dynamic_outputs"),
            f"spec.dynamic_outputs must be true or false, not {describe(value)}.",
        )
        return False
    if value and kind != "Source":
        findings.add(("spec", "dynamic_outputs"), DYNAMIC_OUTPUTS_MESSAGE)
    return value
