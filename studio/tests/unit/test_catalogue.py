"""Version ordering and lookups in the action store."""

from __future__ import annotations

import pytest

from flowloom.studio.domain.catalogue import ActionCatalogue, version_key

from .builders import action


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("1.9", "1.10"),
        ("1.0", "1.0.1"),
        ("0.9", "1.0"),
        ("1.0", "1.0-beta"),
        ("1.0-alpha", "1.0-beta"),
        ("2", "10"),
        ("1.01", "1.1"),
        ("v1", "v2"),
        ("1.2", "1.a"),
    ],
)
def test_versions_compare_numerically_where_possible(older: str, newer: str) -> None:
    assert version_key(older) < version_key(newer)


def test_the_newest_version_is_found_when_none_is_named() -> None:
    catalogue = ActionCatalogue([action("a", "1.10"), action("a", "1.9"), action("a", "1.2")])
    assert [a.version for a in catalogue.versions("a")] == ["1.2", "1.9", "1.10"]
    found = catalogue.find("a")
    assert found is not None
    assert found.version == "1.10"
    named = catalogue.find("a", "1.9")
    assert named is not None
    assert named.version == "1.9"
    assert catalogue.find("a", "3") is None
    assert catalogue.find("b") is None


def test_publishing_again_replaces_and_unpublishing_removes() -> None:
    catalogue = ActionCatalogue([action("a", "1.0")])
    catalogue.add(action("a", "1.0"))
    catalogue.add(action("b", "2.0"))
    assert len(catalogue.versions("a")) == 1
    catalogue.remove("a", "1.0")
    assert catalogue.versions("a") == ()
    assert catalogue.names() == ["b"]
