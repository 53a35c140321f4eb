"""Merge the services' OpenAPI documents into sdk/openapi.json and generate the SDK from it.

`python tools/openapi.py` writes the merged document; `--sdk` also regenerates the SDK
(`sdk/src/flowloom_sdk`, openapi-python-client, the `flowloom-sdk` distribution the CLI
depends on); `--check` fails when either is stale.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "sdk" / "openapi.json"
SDK = ROOT / "sdk" / "src" / "flowloom_sdk"
GENERATOR_CONFIG = ROOT / "sdk" / "openapi-client.yaml"
REF = "#/components/schemas/"
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
# The services check `Authorization: Bearer` by hand, so their documents declare no scheme.
BEARER = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An access token from the authorization service (login or API key).",
    }
}


def services() -> list[str]:
    """Workspace folders holding a service app (`src/flowloom/<package>/app.py`), sorted."""
    found = []
    for pyproject in sorted(ROOT.glob("*/pyproject.toml")):
        folder = pyproject.parent
        package = folder.name.replace("-", "_")
        base = folder / "src" / "flowloom" / package
        if (base / "app.py").is_file() and (base / "settings.py").is_file():
            found.append(folder.name)
    return found


def service_document(service: str, scratch: Path) -> dict[str, Any]:
    """The service's OpenAPI document, from an app built with harmless settings."""
    from flowloom.servicekit.settings import ServiceSettings

    package = service.replace("-", "_")
    settings_module = importlib.import_module(f"flowloom.{package}.settings")
    settings_class = next(
        value
        for value in vars(settings_module).values()
        if inspect.isclass(value)
        and issubclass(value, ServiceSettings)
        and value is not ServiceSettings
        and value.__module__ == settings_module.__name__
    )
    harmless = {
        "bus_url": "memory://",
        "database_url": f"sqlite+aiosqlite:///{scratch / f'{package}.db'}",
        "data_dir": scratch / package,
    }
    fields = settings_class.model_fields
    settings = settings_class(**{k: v for k, v in harmless.items() if k in fields})
    document: dict[str, Any] = (
        importlib.import_module(f"flowloom.{package}.app").create_app(settings).openapi()
    )
    return document


def function_name(operation_id: str, path: str, method: str) -> str:
    """FastAPI's default id is `<function><path>_<method>` with non-word characters as `_`."""
    suffix = re.sub(r"\W", "_", path) + "_" + method
    return operation_id.removesuffix(suffix) if operation_id.endswith(suffix) else operation_id


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                REF + renames.get(value.removeprefix(REF), value.removeprefix(REF))
                if key == "$ref" and isinstance(value, str) and value.startswith(REF)
                else _rename_refs(value, renames)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rename_refs(item, renames) for item in node]
    return node


def _pascal(service: str) -> str:
    return "".join(part.capitalize() for part in service.split("-"))


def merge(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One document: paths as they are, schema names prefixed where services disagree."""
    colliding = _colliding_schemas(documents)
    paths: dict[str, Any] = {}
    # Every service documents its errors with servicekit's `Problem` and `FieldError`.
    schemas: dict[str, Any] = {}
    tags: list[dict[str, str]] = []
    operation_ids: set[str] = set()
    for service, document in documents.items():
        own = document.get("components", {}).get("schemas", {})
        renames = {name: _pascal(service) + name for name in own if name in colliding}
        document = _rename_refs(copy.deepcopy(document), renames)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            new = renames.get(name, name)
            if name in renames and new in schemas:
                raise SystemExit(f"{service}: schema {new} exists already: rename {name}")
            # The generator names classes by title; pydantic gives `X-Input` and `X-Output`
            # one title, so the (unique) component name is the title.
            schemas[new] = {**schema, "title": new}
        for path, item in document["paths"].items():
            if path in paths:
                raise SystemExit(f"{service}: path {path} is already served by another service")
            paths[path] = {
                method: _operation(service, path, method, operation, operation_ids)
                for method, operation in item.items()
            }
        description = document.get("info", {}).get("description", "")
        service_tags = {
            tag for item in document["paths"].values() for o in item.values() for tag in o["tags"]
        }
        tags += [{"name": tag, "description": description} for tag in sorted(service_tags)]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Flowloom",
            "version": "0.1.0",
            "description": "Every Flowloom service's HTTP API on one origin "
            "(generated by tools/openapi.py; do not edit).",
        },
        "tags": tags,
        "paths": paths,
        "components": {"schemas": dict(sorted(schemas.items())), "securitySchemes": BEARER},
        # Public operations (login, JWKS, webhooks) say `security: []` themselves.
        "security": [{"bearer": []}],
    }


def _colliding_schemas(documents: dict[str, dict[str, Any]]) -> set[str]:
    """Names that two services define differently."""
    definitions: dict[str, set[str]] = {}
    for document in documents.values():
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            definitions.setdefault(name, set()).add(json.dumps(schema, sort_keys=True))
    return {name for name, shapes in definitions.items() if len(shapes) > 1}


def _operation(
    service: str, path: str, method: str, operation: dict[str, Any], seen: set[str]
) -> dict[str, Any]:
    """`<service>_<function>` as the id, tags prefixed with the service, errors as problems."""
    name = function_name(operation["operationId"], path, method)
    operation_id = f"{service.replace('-', '_')}_{name}"
    if operation_id in seen:
        raise SystemExit(f"two operations are named {operation_id}: rename one")
    seen.add(operation_id)
    operation["operationId"] = operation_id
    operation["tags"] = [f"{service}-{tag}" for tag in operation.get("tags", [])] or [service]
    _typed_media(operation)
    return operation


def _typed_media(operation: dict[str, Any]) -> None:
    """Give schemaless text and binary media a string schema (the generator needs one).

    OpenAPI 3.1 lets a binary body go without a schema; openapi-python-client reads
    `format: binary` (3.0 style) to make it a `File`.
    """
    contents = [operation.get("requestBody", {}).get("content", {})]
    contents += [response.get("content", {}) for response in operation["responses"].values()]
    for content in contents:
        for media_type, media in content.items():
            if media_type.endswith("json") or media_type.startswith(FORMS):
                continue
            if media_type.startswith("text/"):
                media.setdefault("schema", {"type": "string"})
            elif media.get("schema", {}) in ({}, {"type": "string"}):
                media["schema"] = {"type": "string", "format": "binary"}


def build_spec() -> dict[str, Any]:
    for name in [name for name in os.environ if name.startswith("FLOWLOOM_")]:
        del os.environ[name]  # the document must not depend on the caller's environment
    with tempfile.TemporaryDirectory() as scratch:
        documents = {service: service_document(service, Path(scratch)) for service in services()}
    return merge(documents)


def spec_text(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"


def generate_sdk(spec_path: Path, out: Path) -> None:
    """openapi-python-client into `out`, then formatted and fixed with the workspace's ruff."""
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        f"--path={spec_path}",
        f"--config={GENERATOR_CONFIG}",
        "--meta=none",
        f"--output-path={out}",
        "--overwrite",
        "--fail-on-warning",
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}")
    config = f"--config={ROOT / 'pyproject.toml'}"
    for ruff in (["check", "--fix-only", "--quiet"], ["format", "--quiet"]):
        command = [sys.executable, "-m", "ruff", *ruff, config, str(out)]
        subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603


def same_tree(left: Path, right: Path) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {
            str(path.relative_to(root)): path.read_bytes()
            for path in root.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }

    return right.is_dir() and files(left) == files(right)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sdk", action="store_true", help="also regenerate the SDK")
    parser.add_argument("--check", action="store_true", help="fail when anything is stale")
    args = parser.parse_args()
    text = spec_text(build_spec())
    with tempfile.TemporaryDirectory() as tmp:
        fresh_spec = Path(tmp) / "openapi.json"
        fresh_spec.write_text(text)
        if args.check:
            stale = [] if SPEC.is_file() and SPEC.read_text() == text else [str(SPEC)]
            generate_sdk(fresh_spec, Path(tmp) / "flowloom_sdk")
            if not same_tree(Path(tmp) / "flowloom_sdk", SDK):
                stale.append(str(SDK))
            if stale:
                names = ", ".join(str(Path(p).relative_to(ROOT)) for p in stale)
                print(f"stale: {names}; run `make sdk`", file=sys.stderr)
                return 1
            return 0
        SPEC.write_text(text)
        print(f"wrote {SPEC.relative_to(ROOT)}")
        if args.sdk:
            generate_sdk(fresh_spec, Path(tmp) / "flowloom_sdk")
            shutil.rmtree(SDK, ignore_errors=True)
            shutil.copytree(Path(tmp) / "flowloom_sdk", SDK)
            print(f"generated the SDK into {SDK.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
