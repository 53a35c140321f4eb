"""api adapters of the authorization service."""
