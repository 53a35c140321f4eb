"""infrastructure layer of the repository service."""
