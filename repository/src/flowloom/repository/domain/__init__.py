"""domain layer of the repository service."""
