"""The object store key layout of a project's files."""

from __future__ import annotations

# A processor's output is uploaded through a presigned PUT whose key is fixed before the handler
# picks a file name, so the last segment is constant and the name lives in StoredFile.name.
OUTPUT_OBJECT = "content"


def project_prefix(project_id: str) -> str:
    return f"projects/{project_id}/"


def run_prefix(project_id: str, run_id: str) -> str:
    return f"{project_prefix(project_id)}runs/{run_id}/"


def output_key(project_id: str, run_id: str, execution_id: str, output: str) -> str:
    """Where a step's file or directory output is uploaded."""
    return f"{run_prefix(project_id, run_id)}executions/{execution_id}/{output}/{OUTPUT_OBJECT}"


def trigger_file_key(project_id: str, run_id: str, output: str, filename: str) -> str:
    """Where a file handed over by a source, a manual run or a webhook is stored."""
    return f"{run_prefix(project_id, run_id)}trigger/{output}/{_safe(filename)}"


def _safe(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name if name not in ("", ".", "..") else "file"
