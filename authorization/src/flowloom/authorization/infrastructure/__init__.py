"""Adapters: HTTP API, database, messaging, cryptography."""
