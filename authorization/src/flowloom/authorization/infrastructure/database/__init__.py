"""database adapters of the authorization service."""
