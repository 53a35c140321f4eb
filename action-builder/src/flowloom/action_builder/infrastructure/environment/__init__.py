"""Python environments made with uv in subprocesses."""
