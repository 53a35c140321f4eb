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


def services() -> dict[Path, list[str]]:
    """Service folder → protos it emits or consumes."""
    found = {}
    for pyproject in sorted(ROOT.glob("*/pyproject.toml")):
        config = tomllib.loads(pyproject.read_text())
        protos = config.get("tool", {}).get("flowloom", {}).get("protos", [])
        if protos:
            found[pyproject.parent] = list(protos)
    return found


def target_dir(service: Path) -> Path:
    package = service.name.replace("-", "_")
    return service / "src" / "flowloom" / package / "infrastructure" / "messaging" / "protobuf"


def generate(service: Path, protos: list[str], out: Path) -> None:
    import grpc_tools  # the dev dependency that ships protoc and the well-known types

    includes = Path(grpc_tools.__file__).parent / "_proto"
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
    package = "flowloom." + service.name.replace("-", "_") + ".infrastructure.messaging.protobuf"
    for path in out.rglob("*.py*"):
        # protoc writes absolute imports (`from authorization.v1 import …`): anchor them here.
        text = re.sub(
            r"^from (\w+)\.v1 import",
            rf"from {package}.\1.v1 import",
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
    for service, protos in services().items():
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp)
            generate(service, protos, fresh)
            target = target_dir(service)
            if args.check:
                if not target.exists() or not same_tree(fresh, target):
                    stale.append(service.name)
                continue
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(fresh, target)
            print(f"generated {len(protos)} proto(s) into {target.relative_to(ROOT)}")
    if stale:
        print(f"stale protobuf code in: {', '.join(stale)}; run `make protos`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
