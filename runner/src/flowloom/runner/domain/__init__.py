"""domain layer of the runner."""
