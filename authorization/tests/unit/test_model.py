"""Domain rules that hold without any port."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from flowloom.authorization.domain.credentials import (
    ApiKey,
    RefreshToken,
    format_api_key,
    hash_secret,
    parse_api_key,
)
from flowloom.authorization.domain.errors import Conflict, InvalidToken, ValidationFailed
from flowloom.authorization.domain.events import ProjectDeleted, RevocationReason, TokensRevoked
from flowloom.authorization.domain.model import (
    Membership,
    Project,
    Role,
    User,
    ensure_admin_remains,
    validate_password,
    validate_username,
)
from flowloom.authorization.domain.signing import SigningKey
from flowloom.servicekit.web.callers import Role as CheckedRole

NOW = datetime(2025, 1, 1, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize("username", ["ab", "a" * 65, "Alice", "_alice", "al ice", "al@ice"])
def test_rejects_username_when_it_breaks_the_rules(username: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_username(username)
    assert caught.value.field == "username"


@pytest.mark.parametrize("username", ["bob", "a" * 64, "0ps", "jane.doe-2_x"])
def test_accepts_username_when_it_follows_the_rules(username: str) -> None:
    assert validate_username(username) == username


def test_rejects_password_when_shorter_than_eight_characters() -> None:
    with pytest.raises(ValidationFailed):
        validate_password("1234567")
    assert validate_password("12345678") == "12345678"


def test_rejects_email_when_it_has_no_domain() -> None:
    with pytest.raises(ValidationFailed) as caught:
        User.register(id="u", username="bob", password_hash="h", now=NOW, email="bob@")
    assert caught.value.field == "email"


def test_clears_email_when_changed_to_blank() -> None:
    user = User.register(id="u", username="bob", password_hash="h", now=NOW, email="b@x.org")
    user.change_email("  ")
    assert user.email is None


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.OWNER, True), (Role.DEVELOPER, False), (Role.OPERATOR, False), (Role.VIEWER, False)],
)
def test_only_owner_manages_members_and_project_when_checking_roles(
    role: Role, allowed: bool
) -> None:
    assert role.can_manage_members is allowed
    assert role.can_manage_project is allowed


def test_rejects_project_name_when_blank_or_too_long() -> None:
    for name in ["   ", "x" * 65, "bad\nname"]:
        with pytest.raises(ValidationFailed):
            Project.create(id="p", name=name, now=NOW)
    assert Project.create(id="p", name=" ok ", now=NOW).name == "ok"


def test_refuses_demotion_when_membership_is_the_last_owner() -> None:
    owner = Membership("p", "u", Role.OWNER)
    with pytest.raises(Conflict):
        owner.change_role(Role.VIEWER, owners=1)
    owner.change_role(Role.VIEWER, owners=2)
    assert owner.role is Role.VIEWER


def test_refuses_demotion_when_user_is_the_last_active_admin() -> None:
    admin = User.register(id="u", username="root", password_hash="h", now=NOW, is_admin=True)
    with pytest.raises(Conflict):
        admin.change_access(is_admin=True, active=False, active_admins=1)
    with pytest.raises(Conflict):
        ensure_admin_remains(admin, 1, stays_admin=False)
    admin.change_access(is_admin=False, active=True, active_admins=2)
    assert not admin.is_admin


def test_starts_family_named_after_itself_when_issued() -> None:
    token = RefreshToken.issue(
        id="r1", user_id="u", secret="s", project_id=None, now=NOW, ttl=SECOND
    )
    assert token.family_id == "r1"
    assert token.token_hash == hash_secret("s") != "s"


def test_revokes_and_links_successor_when_rotated() -> None:
    token = RefreshToken.issue(
        id="r1", user_id="u", secret="s", project_id="p", now=NOW, ttl=SECOND
    )
    successor = token.rotate(id="r2", secret="s2", project_id="p", now=NOW, ttl=SECOND)
    assert token.is_revoked
    assert token.replaced_by == "r2"
    assert successor.family_id == "r1"
    assert not successor.is_revoked


@pytest.mark.parametrize("when", ["revoked", "expired"])
def test_refuses_rotation_when_revoked_or_expired(when: str) -> None:
    token = RefreshToken.issue(
        id="r1", user_id="u", secret="s", project_id="p", now=NOW, ttl=SECOND
    )
    if when == "revoked":
        token.revoke(NOW)
    with pytest.raises(InvalidToken):
        token.rotate(id="r2", secret="s2", project_id="p", now=NOW + SECOND, ttl=SECOND)


def test_splits_api_key_by_position_when_prefix_contains_underscores() -> None:
    assert parse_api_key(format_api_key("a_b-c_d_", "sec_ret")) == ("a_b-c_d_", "sec_ret")


@pytest.mark.parametrize("raw", ["", "flk_", "flk_12345678", "flk_12345678_", "xyz_12345678_s"])
def test_rejects_api_key_when_malformed(raw: str) -> None:
    with pytest.raises(InvalidToken):
        parse_api_key(raw)


def test_accepts_api_key_only_when_secret_matches_and_key_is_live() -> None:
    key = ApiKey.create(
        id="k", user_id="u", project_id="p", name="ci", prefix="abcdefgh", secret="s3cr3t",
        now=NOW, expires_at=NOW + SECOND,
    )  # fmt: skip
    assert key.accepts("s3cr3t", NOW)
    assert not key.accepts("wrong", NOW)
    assert not key.accepts("s3cr3t", NOW + SECOND)
    key.revoke(NOW)
    assert not key.accepts("s3cr3t", NOW)


@pytest.mark.parametrize("expires_at", [NOW, NOW.replace(tzinfo=None) + SECOND])
def test_rejects_api_key_when_expiry_is_past_or_naive(expires_at: datetime) -> None:
    with pytest.raises(ValidationFailed) as caught:
        ApiKey.create(
            id="k", user_id="u", project_id="p", name="ci", prefix="abcdefgh", secret="s",
            now=NOW, expires_at=expires_at,
        )  # fmt: skip
    assert caught.value.field == "expires_at"


def test_leaves_jwks_and_stops_signing_when_signing_key_retires() -> None:
    key = SigningKey("k1", "EdDSA", "sealed", {"kid": "k1"}, NOW, NOW)
    key.retire_at(NOW + timedelta(minutes=20))
    assert key.is_published(NOW + timedelta(minutes=19))
    assert key.can_sign(NOW)
    assert not key.is_published(NOW + timedelta(minutes=20))
    assert not key.can_sign(NOW + timedelta(minutes=20))


def test_keeps_earlier_retirement_when_retired_again_later() -> None:
    key = SigningKey("k1", "EdDSA", "sealed", {"kid": "k1"}, NOW, NOW)
    key.retire_at(NOW + timedelta(minutes=5))
    key.retire_at(NOW + timedelta(minutes=50))
    assert key.retires_at == NOW + timedelta(minutes=5)


def test_waits_for_its_start_when_signing_key_is_new() -> None:
    key = SigningKey("k2", "EdDSA", "sealed", {"kid": "k2"}, NOW, NOW + timedelta(seconds=10))
    assert key.is_published(NOW)
    assert not key.can_sign(NOW)
    assert key.can_sign(NOW + timedelta(seconds=10))


def test_gives_each_event_its_own_id_when_created() -> None:
    first, second = (ProjectDeleted(project_id="p", occurred_at=NOW) for _ in range(2))
    assert first.event_id != second.event_id
    assert first.project_id == "p"


def test_refuses_a_revocation_when_it_names_neither_a_user_nor_a_project() -> None:
    with pytest.raises(ValueError, match="names a user or a project"):
        TokensRevoked(
            occurred_at=NOW, reason=RevocationReason.API_KEY_REVOKED, issued_before=NOW,
            expires_at=NOW + timedelta(minutes=15), api_key_id="k-1",
        )  # fmt: skip


def test_roles_are_the_ones_every_service_checks() -> None:
    """Tokens carry these values; the other services admit them through servicekit's Role."""
    assert [role.value for role in Role] == [role.value for role in CheckedRole]
