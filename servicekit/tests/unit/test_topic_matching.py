"""Unit tests of the memory bus's AMQP topic matcher."""

import pytest

from flowloom.servicekit.messaging.memory import retry_delay, topic_matches


@pytest.mark.parametrize(
    ("pattern", "routing_key"),
    [
        ("workflow.deployed", "workflow.deployed"),
        ("workflow.*", "workflow.deployed"),
        ("*.deployed", "workflow.deployed"),
        ("*.*", "workflow.deployed"),
        ("workflow.#", "workflow"),
        ("workflow.#", "workflow.deployment.requested"),
        ("#.requested", "workflow.deployment.requested"),
        ("workflow.#.requested", "workflow.requested"),
        ("workflow.#.requested", "workflow.a.b.requested"),
        ("#", "anything.at.all"),
        ("#", ""),
        ("#.#", "a"),
        ("*.#", "a"),
        ("#.*", "a.b"),
        ("a.*.c", "a..c"),
        ("", ""),
    ],
)
def test_matches_when_pattern_covers_routing_key(pattern: str, routing_key: str) -> None:
    assert topic_matches(pattern, routing_key)


@pytest.mark.parametrize(
    ("pattern", "routing_key"),
    [
        ("workflow.deployed", "workflow.undeployed"),
        ("workflow.*", "workflow"),
        ("workflow.*", "workflow.deployment.requested"),
        ("*", ""),
        ("*.*", "workflow"),
        ("#.requested", "workflow.requested.twice"),
        ("workflow.#.requested", "workflow.deployed"),
        ("*.#", ""),
        ("workflow", "workflows"),
        ("work*", "workflow"),
        ("", "workflow"),
    ],
)
def test_does_not_match_when_pattern_excludes_routing_key(pattern: str, routing_key: str) -> None:
    assert not topic_matches(pattern, routing_key)


def test_doubles_retry_delay_up_to_one_second_when_deliveries_fail() -> None:
    delays = [retry_delay(failures) for failures in range(1, 9)]
    assert delays == [0.05, 0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0]
