"""messaging adapters of the authorization service."""
