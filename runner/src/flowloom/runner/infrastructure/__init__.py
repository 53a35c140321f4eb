"""infrastructure layer of the runner."""
