"""The workflow file (``workflow.yaml``, docs/architecture.md §7): read, write, zip, JSON Schema."""
