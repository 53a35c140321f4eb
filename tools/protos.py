"""Generate (or check) each service's protobuf code from the protos it lists in pyproject.toml."""

from __future__ import annotations

import argparse
import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTOS = ROOT / "protos"


DEFAULT_DIR = "infrastructure/messaging/protobuf"


def services() -> dict[Path, dict[str, object]]:
    """Service folder → its `[tool.flowloom]` table (`protos`, optional `protos_dir`)."""
    found = {}
    for pyproject in sorted(ROOT.glob("*/pyproject.toml")):
        config = tomllib.loads(pyproject.read_text()).get("tool", {}).get("flowloom", {})
        if config.get("protos"):
            found[pyproject.parent] = config
    return found


def target_dir(service: Path, config: dict[str, object]) -> Path:
    package = service.name.replace("-", "_")
    return service / "src" / "flowloom" / package / str(config.get("protos_dir", DEFAULT_DIR))


def python_package(service: Path, config: dict[str, object]) -> str:
    relative = str(config.get("protos_dir", DEFAULT_DIR)).replace("/", ".")
    return f"flowloom.{service.name.replace('-', '_')}.{relative}"


def generate(service: Path, config: dict[str, object], out: Path) -> None:
    import grpc_tools  # the dev dependency that ships protoc and the well-known types

    includes = Path(grpc_tools.__file__).parent / "_proto"
    protos = [str(p) for p in config["protos"]]  # type: ignore[attr-defined]
    grpc = [p for p in protos if p.endswith("wrapper.proto")]
    command = [
        sys.executable,
        "-m",
        "grpc_tools.protoc",
        f"-I{PROTOS}",
        f"-I{includes}",
        f"--python_out={out}",
        f"--mypy_out={out}",
        *protos,
    ]
    if grpc:
        command[-len(protos) : -len(protos)] = [
            f"--grpc_python_out={out}",
            f"--mypy_grpc_out={out}",
        ]
    result = subprocess.run(command, cwd=PROTOS, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"protoc failed for {service.name}:\n{result.stderr}")
    package = python_package(service, config)
    for folder in sorted(out.glob("*-*")):  # `action-wrapper/` cannot be a Python package
        folder.rename(folder.with_name(folder.name.replace("-", "_")))
    for path in out.rglob("*.py*"):
        # protoc writes absolute imports (`from authorization.v1 import …`): anchor them here.
        text = re.sub(
            r"^from ([\w-]+)\.v1 import",
            lambda m: f"from {package}.{m.group(1).replace('-', '_')}.v1 import",
            path.read_text(),
            flags=re.MULTILINE,
        )
        path.write_text(text)
    for folder in [out, *[d for d in out.rglob("*") if d.is_dir()]]:
        (folder / "__init__.py").write_text("")


def same_tree(left: Path, right: Path) -> bool:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__"])
    if comparison.left_only or comparison.right_only or comparison.diff_files:
        return False
    return all(same_tree(left / d, right / d) for d in comparison.common_dirs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when generated code is stale")
    args = parser.parse_args()
    stale = []
    for service, config in services().items():
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp)
            generate(service, config, fresh)
            target = target_dir(service, config)
            if args.check:
                if not target.exists() or not same_tree(fresh, target):
                    stale.append(service.name)
                continue
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(fresh, target)
            print(f"generated protobuf code into {target.relative_to(ROOT)}")
    if stale:
        print(f"stale protobuf code in: {', '.join(stale)}; run `make protos`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
