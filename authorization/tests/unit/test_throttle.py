"""The login throttle's rules: when it locks, for how long, what it forgets, what it counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from flowloom.authorization.domain.throttle import (
    LockoutRule,
    LoginThrottle,
    throttle_id,
    throttled_address,
)

NOW = datetime(2025, 1, 1, tzinfo=UTC)
SECOND = timedelta(seconds=1)
RULE = LockoutRule(threshold=5, base_delay=SECOND, max_delay=timedelta(seconds=300))


def fail(throttle: LoginThrottle, times: int, now: datetime = NOW) -> list[bool]:
    return [throttle.register_failure(now, RULE) for _ in range(times)]


def failed(times: int) -> LoginThrottle:
    """Bob's throttle from one address after `times` failures now."""
    throttle = LoginThrottle.start("bob", "198.51.100.1", NOW)
    fail(throttle, times)
    return throttle


def test_does_not_lock_when_fewer_failures_than_threshold() -> None:
    throttle = failed(4)
    assert throttle.retry_after(NOW) == 0


def test_locks_for_base_delay_when_threshold_reached() -> None:
    throttle = failed(5)
    assert throttle.retry_after(NOW) == 1
    assert throttle.retry_after(NOW + SECOND) == 0


@pytest.mark.parametrize(("failures", "delay"), [(6, 2), (7, 4), (10, 32), (13, 256), (14, 300)])
def test_doubles_delay_when_failures_continue(failures: int, delay: int) -> None:
    throttle = failed(failures)
    assert throttle.retry_after(NOW) == delay


def test_caps_delay_without_overflow_when_failures_are_endless() -> None:
    throttle = failed(10_000)
    assert throttle.retry_after(NOW) == 300


def test_unlocks_when_reset() -> None:
    throttle = failed(7)
    throttle.reset()
    assert (throttle.failures, throttle.retry_after(NOW)) == (0, 0)


def test_says_a_lockout_started_only_at_the_threshold_failure() -> None:
    throttle = LoginThrottle.start("bob", "198.51.100.1", NOW)
    assert fail(throttle, 8) == [False] * 4 + [True] + [False] * 3


def test_forgets_failures_when_quiet_for_the_forget_delay_after_the_lock() -> None:
    throttle = failed(6)  # locked 2 s
    assert throttle.forget_at == NOW + 2 * SECOND + RULE.forget_after
    assert throttle.is_locked_out(throttle.forget_at - SECOND)
    assert not throttle.is_locked_out(throttle.forget_at)
    assert fail(throttle, 1, throttle.forget_at) == [False]
    assert (throttle.failures, throttle.locked_until) == (1, None)


def test_keeps_counting_when_a_failure_comes_before_the_forget_delay() -> None:
    throttle = failed(4)
    fail(throttle, 1, NOW + RULE.forget_after - SECOND)
    assert throttle.failures == 5
    assert throttle.retry_after(NOW + RULE.forget_after - SECOND) == 1


def test_never_locks_when_the_rule_is_off() -> None:
    throttle = LoginThrottle.start("", "198.51.100.1", NOW)
    for _ in range(100):
        throttle.register_failure(NOW, LockoutRule(threshold=0))
    assert throttle.retry_after(NOW) == 0


@pytest.mark.parametrize(
    ("address", "counted"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),
        ("unknown", "unknown"),
    ],
)
def test_counts_an_ipv6_client_by_its_64_network(address: str, counted: str) -> None:
    assert throttled_address(address) == counted


def test_keys_a_pair_by_username_cut_to_the_longest_possible() -> None:
    long = "x" * 500
    throttle = LoginThrottle.start(long, "198.51.100.7", NOW)
    assert len(throttle.username) == 65
    assert throttle.id == throttle_id(long, "198.51.100.7") == throttle_id("x" * 65, "198.51.100.7")
    assert throttle.id != throttle_id("x" * 65, "198.51.100.8")
