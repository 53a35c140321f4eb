"""Constraint violations of the authorization database as the domain's `Conflict`."""

from __future__ import annotations

from flowloom.authorization.domain.errors import Conflict
from flowloom.authorization.infrastructure.database import tables
from flowloom.servicekit.database.conflicts import ConflictTranslator, primary_key_rule, unique_rule

CONFLICTS = ConflictTranslator(
    rules=(
        unique_rule(tables.users, "username", message="this username is already taken"),
        unique_rule(tables.projects, "name", message="a project with this name already exists"),
        primary_key_rule(tables.memberships, "the user is already a member of the project"),
        unique_rule(
            tables.api_keys, "prefix", message="an API key with this prefix already exists"
        ),
        unique_rule(
            tables.refresh_tokens, "token_hash", message="this refresh token already exists"
        ),
        primary_key_rule(tables.login_throttles, "this login throttle already exists"),
        primary_key_rule(tables.signing_keys, "a signing key with this id already exists"),
    ),
    foreign_key_message="a referenced user or project does not exist",
    error=Conflict,
)
conflicts_translated = CONFLICTS.translated
