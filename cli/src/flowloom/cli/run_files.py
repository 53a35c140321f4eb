"""`runs results`: the results of a run, and its files downloaded into a folder."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import httpx
from flowloom_sdk.api.runner_runs import runner_download_file, runner_run_results
from flowloom_sdk.models import ValueOut

from flowloom.cli.errors import CliError, unreachable
from flowloom.cli.output import done, print_json, print_table, spinner
from flowloom.cli.session import Session, httpx_args

SUMMARY = "results.json"


def download_results(session: Session, run_id: str, folder: Path | None, as_json: bool) -> None:
    """With a folder: every file downloaded into it, and `results.json` beside them (every
    named result as `--json` shows it, `saved_as` relative to the folder)."""
    response = session.call(runner_run_results.sync_detailed, run_id=run_id)
    values: dict[str, ValueOut] = response.parsed.additional_properties if response.parsed else {}
    saved: dict[str, Path] = {}
    if folder is not None:
        for name, value in values.items():
            if is_file(value):
                taken = {SUMMARY, *(path.name for path in saved.values())}
                file_name = _free(name, value, taken)
                saved[name] = download(session, run_id, value.value, folder, file_name)
        relative = {name: path.name for name, path in saved.items()}
        text = json.dumps(_summary(values, relative), indent=2, ensure_ascii=False)
        _write(folder / SUMMARY, text + "\n")
    if as_json:
        print_json(_summary(values, {name: str(path) for name, path in saved.items()}))
        return
    rows = [
        (
            name,
            v.type_,
            "***" if v.secret else (v.value.get("name") if is_file(v) else v.value),
            saved.get(name),
        )
        for name, v in values.items()
    ]
    print_table(["result", "type", "value", "saved as"], rows)
    if folder is None and any(is_file(v) for v in values.values()):
        done("Files are downloaded with -o DIR.")


def _summary(values: dict[str, ValueOut], saved: dict[str, str]) -> dict[str, Any]:
    """Every result as the API gives it, with `saved_as` for the files downloaded."""
    return {
        name: {**value.to_dict(), **({"saved_as": saved[name]} if name in saved else {})}
        for name, value in values.items()
    }


def is_file(value: ValueOut) -> bool:
    return isinstance(value.value, dict) and "key" in value.value and not value.secret


def _free(result: str, value: ValueOut, taken: set[str]) -> str:
    """The file's own name, or `<result>-<name>` when another result (or results.json) has it."""
    name = Path(str(value.value.get("name") or "file")).name
    return name if name not in taken else Path(f"{result}-{name}").name


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror or error}") from None


def download(session: Session, run_id: str, file: dict[str, Any], folder: Path, name: str) -> Path:
    """The runner redirects to a short-lived object-store URL; directories come as zips."""
    answer = session.call(runner_download_file.sync_detailed, run_id=run_id, key=file["key"])
    location = answer.headers.get("location")
    if not location:
        raise CliError(f"the server gave no download URL for {file['name']}")
    target = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with spinner(f"downloading {name}…"), httpx.Client(timeout=300, **httpx_args()) as client:
            got = client.get(location)
    except httpx.TransportError as error:
        raise CliError(unreachable(location.split("?")[0], error)) from None
    except OSError as error:
        raise CliError(f"cannot write into {folder}: {error.strerror or error}") from None
    if got.status_code != 200:
        raise CliError(f"downloading {name} failed: HTTP {got.status_code}")
    try:
        if file.get("directory"):
            with zipfile.ZipFile(io.BytesIO(got.content)) as archive:
                archive.extractall(target)
        else:
            target.write_bytes(got.content)
    except (OSError, zipfile.BadZipFile) as error:
        raise CliError(f"cannot save {target}: {error}") from None
    return target
