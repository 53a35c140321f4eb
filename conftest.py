"""Root conftest: shared fixtures for every test suite of the monorepo."""

pytest_plugins = ["flowloom.testkit.pytest_plugin"]
