"""The example workflow file of docs/architecture.md §7, verbatim."""

EXAMPLE = """\
apiVersion: flowloom.dev/v1
kind: Workflow
name: tick-to-file
description: Every 30 s, write the time into a file and read it back.
trigger:
  action: emitevery          # action technical name
  version: "1.3"             # optional: newest built version when omitted
  inputs: {seconds: 30}
steps:
  - id: writer
    action: str-to-txt
    inputs:
      instring: {ref: trigger.time}          # output `time` of the trigger
  - id: reader
    action: catfile
    when: "steps.writer.outputs.outfile != ''"   # optional CEL condition; false → Skipped
    retry: {attempts: 3, backoff_seconds: 2}
    inputs:
      file: {ref: writer.outfile}
  - id: notify
    action: send-email
    inputs:
      subject: "done"                          # literal
      smtp_password: {secret: smtp-password}   # project secret
      recipient: {variable: ops-address}       # project variable
results:
  content: reader.stdout
"""
