"""The studio's HTTP API (`/api/studio`)."""
