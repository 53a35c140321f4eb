"""Flowloom test plumbing: real services for tests and benchmarks; never a runtime dependency."""
