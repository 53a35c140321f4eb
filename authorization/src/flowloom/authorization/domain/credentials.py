"""Bearer secrets: refresh tokens and API keys, stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from flowloom.authorization.domain.errors import InvalidToken, ValidationFailed

API_KEY_MARK = "flk_"
API_KEY_PREFIX_LENGTH = 8
API_KEY_NAME_LENGTH = (1, 64)


def hash_secret(secret: str) -> str:
    """SHA-256 of a random secret; no salt or slow hash needed since it cannot be guessed."""
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, secret_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), secret_hash)


@dataclass
class RefreshToken:
    """One link of a token family: the chain of rotations started by one login."""

    id: str
    user_id: str
    family_id: str
    token_hash: str
    project_id: str | None
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    replaced_by: str | None = None

    @classmethod
    def issue(
        cls,
        *,
        id: str,
        user_id: str,
        secret: str,
        project_id: str | None,
        now: datetime,
        ttl: timedelta,
        family_id: str | None = None,
    ) -> RefreshToken:
        """Start a new family (a login) or, given ``family_id``, extend one."""
        return cls(
            id=id,
            user_id=user_id,
            family_id=family_id or id,
            token_hash=hash_secret(secret),
            project_id=project_id,
            issued_at=now,
            expires_at=now + ttl,
        )

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def revoke(self, now: datetime) -> None:
        if self.revoked_at is None:
            self.revoked_at = now

    def rotate(
        self, *, id: str, secret: str, project_id: str | None, now: datetime, ttl: timedelta
    ) -> RefreshToken:
        """Revoke this token and return its successor in the same family."""
        if self.is_revoked or self.is_expired(now):
            raise InvalidToken()
        successor = RefreshToken.issue(
            id=id,
            user_id=self.user_id,
            secret=secret,
            project_id=project_id,
            now=now,
            ttl=ttl,
            family_id=self.family_id,
        )
        self.revoke(now)
        self.replaced_by = successor.id
        return successor


def format_api_key(prefix: str, secret: str) -> str:
    return f"{API_KEY_MARK}{prefix}_{secret}"


def parse_api_key(api_key: str) -> tuple[str, str]:
    """Split ``flk_<prefix>_<secret>`` by position: prefix and secret may contain '_'."""
    start = len(API_KEY_MARK)
    end = start + API_KEY_PREFIX_LENGTH
    if not api_key.startswith(API_KEY_MARK) or api_key[end : end + 1] != "_":
        raise InvalidToken()
    secret = api_key[end + 1 :]
    if not secret:
        raise InvalidToken()
    return api_key[start:end], secret


@dataclass
class ApiKey:
    """A long-lived secret that a user's scripts exchange for access tokens in one project."""

    id: str
    user_id: str
    project_id: str
    name: str
    prefix: str
    secret_hash: str
    created_at: datetime
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @classmethod
    def create(
        cls,
        *,
        id: str,
        user_id: str,
        project_id: str,
        name: str,
        prefix: str,
        secret: str,
        now: datetime,
        expires_at: datetime | None = None,
    ) -> ApiKey:
        name = name.strip()
        low, high = API_KEY_NAME_LENGTH
        if not low <= len(name) <= high:
            raise ValidationFailed("name", f"must be {low} to {high} characters long")
        if expires_at is not None and (expires_at.tzinfo is None or expires_at <= now):
            raise ValidationFailed("expires_at", "must be a future date with a time zone")
        if len(prefix) != API_KEY_PREFIX_LENGTH:
            raise ValueError("API key prefixes have a fixed length")
        return cls(
            id=id,
            user_id=user_id,
            project_id=project_id,
            name=name,
            prefix=prefix,
            secret_hash=hash_secret(secret),
            created_at=now,
            expires_at=expires_at,
        )

    def is_usable(self, now: datetime) -> bool:
        expired = self.expires_at is not None and now >= self.expires_at
        return self.revoked_at is None and not expired

    def accepts(self, secret: str, now: datetime) -> bool:
        return self.is_usable(now) and secret_matches(secret, self.secret_hash)

    def mark_used(self, now: datetime) -> None:
        self.last_used_at = now

    def revoke(self, now: datetime) -> None:
        if self.revoked_at is None:
            self.revoked_at = now
