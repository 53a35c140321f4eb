"""Root conftest: shared fixtures for every test suite of the monorepo."""

import pytest

# Assertions of the tests testkit writes once for every service (MigrationLifecycle).
pytest.register_assert_rewrite("flowloom.testkit.migrations")

pytest_plugins = ["flowloom.testkit.pytest_plugin"]
