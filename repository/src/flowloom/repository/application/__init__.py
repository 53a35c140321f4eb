"""application layer of the repository service."""
