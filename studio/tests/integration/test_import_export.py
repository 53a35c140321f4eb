"""Import and export of workflow files (yaml or zip with static files), static file uploads."""

from __future__ import annotations

import io
import zipfile

import pytest

from .flows import TEMPLATE, WORKFLOW_YAML, import_example, zip_of
from .service import Studio

pytestmark = pytest.mark.integration
YAML = {"Content-Type": "application/yaml"}


async def test_imports_workflow_with_ref_condition_variable_secret_and_file(
    studio: Studio,
) -> None:
    wf = await import_example(studio)

    assert wf["problems"] == []
    assert wf["name"] == "tick-to-file"
    reader = wf["steps"][1]
    assert reader["when"] == "steps.writer.outputs.outfile != ''"
    assert reader["inputs"]["file"] == {"ref": "writer.outfile"}
    key = reader["inputs"]["template"]["file"]
    assert key.startswith(f"projects/{studio.project}/workflows/{wf['id']}/files/")
    assert key.endswith("/mail.txt")
    notify = wf["steps"][2]["inputs"]
    assert notify["smtp_password"] == {"secret": "smtp-password"}
    assert notify["recipient"] == {"variable": "ops-address"}


async def test_reimports_equal_workflow_when_exporting_then_importing(studio: Studio) -> None:
    wf = await import_example(studio)

    exported = await studio.get(f"/workflows/{wf['id']}/export")
    assert exported.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    assert archive.read("files/mail.txt") == TEMPLATE
    as_yaml = await studio.get(f"/workflows/{wf['id']}/export?format=yaml")
    assert as_yaml.status_code == 409  # never a YAML that cannot be imported back
    assert as_yaml.headers["content-type"] == "application/problem+json"
    assert "(mail.txt)" in as_yaml.json()["detail"]
    assert "export it as a zip" in as_yaml.json()["detail"]
    again = await studio.ok(
        "POST", "/workflows/import?name=again", 201, content=exported.content,
        headers={"Content-Type": "application/zip"},
    )  # fmt: skip
    assert again["name"] == "again"
    assert again["id"] != wf["id"]

    def definition(workflow: dict) -> dict:
        return {k: workflow[k] for k in ("description", "trigger", "steps", "results")}

    def without_keys(workflow: dict) -> dict:
        found = definition(workflow)
        found["steps"][1]["inputs"]["template"] = "<file>"
        return found

    assert without_keys(again) == without_keys(wf)
    second = zipfile.ZipFile(
        io.BytesIO((await studio.get(f"/workflows/{again['id']}/export")).content)
    )
    assert second.namelist() == archive.namelist()
    first_yaml = archive.read("workflow.yaml").decode()
    assert second.read("workflow.yaml").decode() == first_yaml.replace("tick-to-file", "again")

    replaced = await studio.ok(
        "POST", f"/workflows/import?workflow_id={wf['id']}", 200,
        content=WORKFLOW_YAML.replace("{file: templates/mail.txt}", "{ref: writer.outfile}"),
        headers=YAML,
    )  # fmt: skip
    assert replaced["id"] == wf["id"]
    assert replaced["steps"][1]["inputs"]["template"] == {"ref": "writer.outfile"}
    as_yaml = await studio.get(f"/workflows/{wf['id']}/export")
    assert as_yaml.headers["content-type"].startswith("application/yaml")
    assert "template: {ref: writer.outfile}" in as_yaml.text


async def test_answers_lines_when_file_is_unreadable(studio: Studio) -> None:
    broken = WORKFLOW_YAML.replace('version: "1.3"', "version: 1.3").replace(
        "id: reader", "id: [reader]"
    )
    refused = await studio.post("/workflows/import", content=broken, headers=YAML)

    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert [(e["line"], e["field"]) for e in errors] == [
        (7, "trigger.version"), (14, "steps[1].id"),
    ]  # fmt: skip
    for garbage in (b"{{{", b"", b"PK\x03\x04garbage", b"- a\n- b\n"):
        answer = await studio.post("/workflows/import", content=garbage, headers=YAML)
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"]
    missing = zip_of(WORKFLOW_YAML, {})
    answer = await studio.post("/workflows/import", content=missing)
    assert answer.status_code == 422
    assert "templates/mail.txt" in answer.json()["errors"][0]["message"]
    too_long = await studio.post(
        f"/workflows/import?name={'x' * 300}",
        content=WORKFLOW_YAML.replace("{file: templates/mail.txt}", "{ref: writer.outfile}"),
        headers=YAML,
    )
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "name"
    files_in_yaml = await studio.post("/workflows/import", content=WORKFLOW_YAML, headers=YAML)
    assert files_in_yaml.status_code == 422
    assert (await studio.ok("GET", "/workflows"))["items"] == []


async def test_binds_uploaded_file_when_uploading_static_file(studio: Studio) -> None:
    await studio.publish_catalogue()
    wf = await studio.new_workflow()
    base = f"/workflows/{wf['id']}"
    await studio.ok("POST", f"{base}/steps", 201, json={"id": "cat", "action": "catfile"})

    uploaded = await studio.ok(
        "POST", f"{base}/files", 201, files={"file": ("../notes.txt", b"abc", "text/plain")}
    )
    assert (uploaded["filename"], uploaded["size"]) == ("notes.txt", 3)
    bound = await studio.ok("PUT", f"{base}/steps/cat/inputs/file", json={"file": uploaded["key"]})
    assert [p["code"] for p in bound["problems"]] == ["no_trigger"]
    exported = await studio.get(f"{base}/export")
    assert zipfile.ZipFile(io.BytesIO(exported.content)).read("files/notes.txt") == b"abc"
    copy = await studio.ok("POST", f"{base}/copy", 201)
    copied_key = copy["steps"][0]["inputs"]["file"]["file"]
    assert copied_key != uploaded["key"]
    assert copied_key.endswith("/notes.txt")
    await studio.ok("DELETE", base, 204)
    copied = await studio.get(f"/workflows/{copy['id']}/export")
    assert zipfile.ZipFile(io.BytesIO(copied.content)).read("files/notes.txt") == b"abc"


async def test_serves_json_schema_of_workflow_file(studio: Studio) -> None:
    schema = await studio.ok("GET", "/workflow-schema")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


async def test_refuses_a_taken_name_and_replaces_by_name_when_asked(studio: Studio) -> None:
    wf = await import_example(studio)
    edited = WORKFLOW_YAML.replace("{file: templates/mail.txt}", "{ref: writer.outfile}")

    again = await studio.post("/workflows/import", content=edited, headers=YAML)
    assert again.status_code == 409, again.text
    assert again.headers["content-type"] == "application/problem+json"
    assert "a workflow named 'tick-to-file' already exists" in again.json()["detail"]
    assert "--replace" in again.json()["detail"]
    created = await studio.post("/workflows", json={"name": "tick-to-file"})
    assert created.status_code == 409, created.text

    replaced = await studio.ok(
        "POST", "/workflows/import?replace=true", 200, content=edited, headers=YAML
    )
    assert replaced["id"] == wf["id"]
    listed = await studio.ok("GET", "/workflows")
    assert [w["name"] for w in listed["items"]].count("tick-to-file") == 1
