"""A complete workflow of the tests: a trigger, a ref, a condition, a variable, a secret, a file."""

from __future__ import annotations

from typing import Any

from .service import Studio

WORKFLOW_YAML = """\
apiVersion: flowloom.dev/v1
kind: Workflow
name: tick-to-file
description: Every 30 s, write the time into a file and read it back.
trigger:
  action: emitevery
  version: "1.3"
  inputs: {seconds: 30}
steps:
  - id: writer
    action: str-to-txt
    inputs:
      instring: {ref: trigger.time}
  - id: reader
    action: catfile
    when: "steps.writer.outputs.outfile != ''"
    retry: {attempts: 3, backoff_seconds: 2}
    inputs:
      file: {ref: writer.outfile}
      template: {file: templates/mail.txt}
  - id: notify
    action: send-email
    inputs:
      subject: done
      smtp_password: {secret: smtp-password}
      recipient: {variable: ops-address}
results:
  content: reader.stdout
"""
TEMPLATE = b"Hello {name}\n"


async def project_values(studio: Studio) -> None:
    await studio.ok("PUT", "/variables/ops-address", json={"type": "string", "value": "ops@x.org"})
    await studio.ok("PUT", "/secrets/smtp-password", json={"value": "hunter2-SECRET"})


def zip_of(text: str, files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("workflow.yaml", text)
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


async def import_example(studio: Studio) -> dict[str, Any]:
    """The example imported as a zip with its static file, in a project that has it all."""
    await studio.publish_catalogue()
    await project_values(studio)
    data = zip_of(WORKFLOW_YAML, {"templates/mail.txt": TEMPLATE})
    imported: dict[str, Any] = await studio.ok(
        "POST", "/workflows/import", 201, content=data,
        headers={"Content-Type": "application/zip"},
    )  # fmt: skip
    return imported
