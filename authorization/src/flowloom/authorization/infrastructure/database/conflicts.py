"""Constraint violations of the authorization database as the domain's `Conflict`."""

from __future__ import annotations

from flowloom.authorization.domain.errors import Conflict
from flowloom.servicekit.database.conflicts import ConflictTranslator

CONFLICTS = ConflictTranslator(
    rules=(
        ("uq_users_username", "users.username", "this username is already taken"),
        ("uq_projects_name", "projects.name", "a project with this name already exists"),
        ("pk_memberships", "memberships.project_id", "the user is already a member of the project"),
        ("uq_api_keys_prefix", "api_keys.prefix", "an API key with this prefix already exists"),
        (
            "uq_refresh_tokens_token_hash",
            "refresh_tokens.token_hash",
            "this refresh token already exists",
        ),
        ("pk_login_throttles", "login_throttles.id", "this login throttle already exists"),
        ("pk_signing_keys", "signing_keys.kid", "a signing key with this id already exists"),
    ),
    foreign_key_message="a referenced user or project does not exist",
    error=Conflict,
)
conflicts_translated = CONFLICTS.translated
