"""application layer of the runner."""
