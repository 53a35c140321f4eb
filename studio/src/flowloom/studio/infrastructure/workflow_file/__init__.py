"""The workflow file (``workflow.yaml``, ARCHITECTURE.md §7): read, write, zip, JSON Schema."""
