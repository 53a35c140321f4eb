"""Login lockout: per (username, client address) and per address, exponential and capped,
logged once, bounded in size."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from flowloom.authorization.domain.errors import (
    InvalidCredentials,
    TooManyAttempts,
    ValidationFailed,
)
from flowloom.authorization.domain.throttle import EVERY_USERNAME, LoginThrottle, throttle_id

from .world import HOME, PASSWORD, World

STRANGER = "203.0.113.66"
ELSEWHERE = "198.51.100.20"


async def fail_logins(world: World, username: str, times: int, address: str = HOME) -> None:
    for _ in range(times):
        with pytest.raises(InvalidCredentials):
            await world.login(username, "wrong pw!", address=address)


async def refused_for(world: World, username: str, address: str = HOME) -> int:
    """The Retry-After of a login with the right password, which must be refused."""
    with pytest.raises(TooManyAttempts) as caught:
        await world.login(username, PASSWORD, address=address)
    return caught.value.retry_after_seconds


def counter(world: World, username: str, address: str = HOME) -> LoginThrottle:
    return world.tables.throttles[throttle_id(username, address)]


async def test_locks_without_checking_password_when_five_failures_in_a_row(world: World) -> None:
    world.user("bob")
    await fail_logins(world, "bob", 5)
    checked = world.hasher.verifications
    assert await refused_for(world, "bob") == 1
    assert world.hasher.verifications == checked


async def test_lets_the_user_in_from_elsewhere_when_a_stranger_locked_their_username(
    world: World,
) -> None:
    world.user("admin", is_admin=True)
    await fail_logins(world, "admin", 5, STRANGER)
    assert await refused_for(world, "admin", STRANGER) == 1
    pair = await world.login("admin", PASSWORD, address=ELSEWHERE)
    assert pair.access.username == "admin"
    assert await refused_for(world, "admin", STRANGER) == 1


async def test_doubles_lock_when_failing_again_after_each_lock(world: World) -> None:
    world.user("bob")
    await fail_logins(world, "bob", 5)
    waits = []
    for _ in range(3):
        world.clock.advance(seconds=counter(world, "bob").retry_after(world.clock.now()))
        await fail_logins(world, "bob", 1)
        waits.append(await refused_for(world, "bob"))
    assert waits == [2, 4, 8]


async def test_caps_lock_at_five_minutes_when_failures_go_on(world: World) -> None:
    world.user("bob")
    for _ in range(20):
        world.clock.advance(seconds=300)
        await fail_logins(world, "bob", 1)
    assert await refused_for(world, "bob") == 300


async def test_forgets_failures_when_login_succeeds(world: World) -> None:
    world.user("bob")
    await fail_logins(world, "bob", 4)
    await world.login("bob", PASSWORD)
    assert throttle_id("bob", HOME) not in world.tables.throttles
    await fail_logins(world, "bob", 4)
    assert (await world.login("bob", PASSWORD)).access.username == "bob"


async def test_locks_like_a_real_user_when_username_is_unknown(world: World) -> None:
    await fail_logins(world, "ghost", 5)
    assert await refused_for(world, "ghost") == 1


async def test_refuses_a_blank_username_without_counting_it(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await world.login("   ", PASSWORD, address=STRANGER)
    assert caught.value.field == "username"
    assert world.tables.throttles == {}


async def test_locks_the_whole_64_network_when_an_ipv6_client_rotates_addresses(
    world: World,
) -> None:
    world.user("bob")
    for host in range(5):
        await fail_logins(world, "bob", 1, f"2001:db8:5:6::{host + 1}")
    assert await refused_for(world, "bob", "2001:db8:5:6:ffff::1") == 1
    assert (await world.login("bob", PASSWORD, address="2001:db8:5:7::1")).access.username


async def test_locks_an_address_for_every_username_when_it_tries_many(world: World) -> None:
    world.policy = replace(world.policy, address_lockout=replace(world.policy.user_lockout))
    world.user("bob")
    for number in range(5):
        await fail_logins(world, f"user-{number}", 1, STRANGER)
    assert await refused_for(world, "bob", STRANGER) == 1
    assert (await world.login("bob", PASSWORD, address=ELSEWHERE)).access.username == "bob"


async def test_keeps_the_address_count_when_a_login_succeeds(world: World) -> None:
    world.policy = replace(world.policy, address_lockout=replace(world.policy.user_lockout))
    world.user("bob")
    await fail_logins(world, "ghost", 4, STRANGER)
    await world.login("bob", PASSWORD, address=STRANGER)
    await fail_logins(world, "phantom", 1, STRANGER)
    assert await refused_for(world, "bob", STRANGER) == 1


async def test_counts_no_address_when_the_address_rule_is_off(world: World) -> None:
    world.policy = replace(
        world.policy, address_lockout=replace(world.policy.user_lockout, threshold=0)
    )
    for number in range(20):
        await fail_logins(world, f"user-{number}", 1, STRANGER)
    assert throttle_id(EVERY_USERNAME, STRANGER) not in world.tables.throttles


async def test_logs_one_warning_per_lockout_when_failures_go_on(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="flowloom.authorization")
    await fail_logins(world, "admin", 5, STRANGER)
    for _ in range(3):
        await refused_for(world, "admin", STRANGER)
        world.clock.advance(
            seconds=counter(world, "admin", STRANGER).retry_after(world.clock.now())
        )
        await fail_logins(world, "admin", 1, STRANGER)
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    fields = (record.username, record.client_address, record.failures)  # type: ignore[attr-defined]
    assert fields == ("admin", STRANGER, 5)
    assert "'admin'" in record.getMessage()
    assert STRANGER in record.getMessage()


async def test_forgets_counters_when_quiet_for_the_forget_delay(world: World) -> None:
    await fail_logins(world, "ghost", 5, STRANGER)
    world.clock.advance(seconds=1 + 3600)
    await fail_logins(world, "someone", 1, ELSEWHERE)
    remaining = {(t.username, t.address) for t in world.tables.throttles.values()}
    assert remaining == {("someone", ELSEWHERE), (EVERY_USERNAME, ELSEWHERE)}


async def test_keeps_at_most_the_cap_of_counters_when_many_usernames_fail(world: World) -> None:
    world.policy = replace(world.policy, lockout_max_entries=10)
    for number in range(30):
        world.clock.advance(seconds=1)
        await fail_logins(world, f"user-{number}", 1, f"203.0.113.{number}")
    assert len(world.tables.throttles) == 10
    newest = {t.username for t in world.tables.throttles.values()} - {EVERY_USERNAME}
    assert newest == {f"user-{number}" for number in range(25, 30)}
