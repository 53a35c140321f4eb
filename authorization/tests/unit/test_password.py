"""Changing one's own password: every session ends, the caller's goes on with new tokens."""

from __future__ import annotations

import pytest

from flowloom.authorization.domain.errors import (
    InvalidCredentials,
    InvalidToken,
    ValidationFailed,
)
from flowloom.authorization.domain.events import RevocationReason
from flowloom.authorization.domain.model import Role

from .world import PASSWORD, World, actor, without_id


async def test_raises_invalid_credentials_when_old_password_is_wrong(world: World) -> None:
    bob = world.user("bob")
    with pytest.raises(InvalidCredentials):
        await world.auth().change_password(actor(bob), "not-it-at-all", "brand-new-pw")
    assert world.revocations() == []


async def test_raises_validation_failed_when_new_password_is_short(world: World) -> None:
    bob = world.user("bob")
    with pytest.raises(ValidationFailed) as caught:
        await world.auth().change_password(actor(bob), PASSWORD, "short")
    assert caught.value.field == "new_password"


async def test_replaces_password_and_ends_sessions_when_changed(world: World) -> None:
    bob = world.user("bob")
    pair = await world.login("bob", PASSWORD)
    await world.auth().change_password(actor(bob), PASSWORD, "brand-new-pw")
    with pytest.raises(InvalidToken):
        await world.auth().refresh(pair.refresh_token or "")
    with pytest.raises(InvalidCredentials):
        await world.login("bob", PASSWORD)
    await world.login("bob", "brand-new-pw")
    assert without_id(world.revocations()) == [
        world.revocation(RevocationReason.PASSWORD_CHANGED, user_id=bob.id)
    ]


async def test_starts_a_session_the_revocation_spares_when_password_is_changed(
    world: World,
) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=(bob, Role.DEVELOPER))
    pair = await world.auth().change_password(
        actor(bob, project, Role.DEVELOPER), PASSWORD, "brand-new-pw"
    )
    [revoked] = world.revocations()
    # Revoked are the tokens issued strictly before the cutoff: this one is issued at it.
    assert pair.access.issued_at == revoked.issued_before
    assert (pair.access.project_id, pair.access.role) == (project.id, Role.DEVELOPER)
    assert pair.refresh_token is not None
    assert (await world.auth().refresh(pair.refresh_token)).access.sub == bob.id
