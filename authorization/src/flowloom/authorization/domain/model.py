"""Users, projects, memberships and roles: the aggregates this service owns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flowloom.authorization.domain.errors import Conflict, ValidationFailed

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
USERNAME_LENGTH = (3, 64)
PROJECT_NAME_LENGTH = (1, 64)
MIN_PASSWORD_LENGTH = 8
# Bounds the hashing cost an anonymous caller can impose with a huge password.
MAX_PASSWORD_LENGTH = 1024
MAX_FULL_NAME_LENGTH = 128
MAX_EMAIL_LENGTH = 254


class Role(StrEnum):
    """A user's role in one project; platform admins stand above all roles."""

    OWNER = "owner"
    DEVELOPER = "developer"
    OPERATOR = "operator"
    VIEWER = "viewer"

    @property
    def can_manage_members(self) -> bool:
        return self is Role.OWNER

    @property
    def can_manage_project(self) -> bool:
        """Rename or delete the project."""
        return self is Role.OWNER


def validate_username(username: str) -> str:
    low, high = USERNAME_LENGTH
    if not low <= len(username) <= high:
        raise ValidationFailed("username", f"must be {low} to {high} characters long")
    if not USERNAME_PATTERN.match(username):
        raise ValidationFailed(
            "username", "must be lowercase letters, digits, '_', '.' or '-', not leading"
        )
    return username


def validate_password(password: str, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(field, f"must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(field, f"must be at most {MAX_PASSWORD_LENGTH} characters long")
    return password


def validate_full_name(full_name: str) -> str:
    full_name = full_name.strip()
    if len(full_name) > MAX_FULL_NAME_LENGTH:
        raise ValidationFailed("full_name", f"must be at most {MAX_FULL_NAME_LENGTH} characters")
    return full_name


def validate_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    email = email.strip()
    local, at, domain = email.partition("@")
    # Deliberately loose: delivery is the only real proof, this only catches typos.
    if not (local and at and domain) or len(email) > MAX_EMAIL_LENGTH or " " in email:
        raise ValidationFailed("email", "must look like name@domain")
    return email


def validate_project_name(name: str) -> str:
    name = name.strip()
    low, high = PROJECT_NAME_LENGTH
    if not low <= len(name) <= high:
        raise ValidationFailed("name", f"must be {low} to {high} characters long")
    if not name.isprintable():
        raise ValidationFailed("name", "must not contain control characters")
    return name


@dataclass
class User:
    """A person (or robot) who logs in; ``is_admin`` makes them a platform admin."""

    id: str
    username: str
    password_hash: str
    created_at: datetime
    full_name: str = ""
    email: str | None = None
    is_admin: bool = False
    active: bool = True
    last_project_id: str | None = None

    @classmethod
    def register(
        cls,
        *,
        id: str,
        username: str,
        password_hash: str,
        now: datetime,
        full_name: str = "",
        email: str | None = None,
        is_admin: bool = False,
    ) -> User:
        return cls(
            id=id,
            username=validate_username(username),
            password_hash=password_hash,
            created_at=now,
            full_name=validate_full_name(full_name),
            email=validate_email(email),
            is_admin=is_admin,
        )

    @property
    def is_active_admin(self) -> bool:
        return self.is_admin and self.active

    def change_full_name(self, full_name: str) -> None:
        self.full_name = validate_full_name(full_name)

    def change_email(self, email: str | None) -> None:
        """Set or (with None or blank) clear the email address."""
        self.email = validate_email(email)

    def change_access(self, *, is_admin: bool, active: bool, active_admins: int) -> None:
        """Grant or drop admin rights and (de)activate, keeping one active admin."""
        ensure_admin_remains(self, active_admins, stays_admin=is_admin and active)
        self.is_admin, self.active = is_admin, active


def ensure_admin_remains(user: User, active_admins: int, *, stays_admin: bool) -> None:
    """Refuse a change that would leave the platform without an active admin."""
    if user.is_active_admin and not stays_admin and active_admins <= 1:
        raise Conflict("the platform must keep at least one active admin")


@dataclass
class Project:
    """The tenant: everything in Flowloom belongs to exactly one project."""

    id: str
    name: str
    created_at: datetime

    @classmethod
    def create(cls, *, id: str, name: str, now: datetime) -> Project:
        return cls(id=id, name=validate_project_name(name), created_at=now)

    def rename(self, name: str) -> None:
        self.name = validate_project_name(name)


@dataclass
class Membership:
    """A user's role in a project."""

    project_id: str
    user_id: str
    role: Role

    def change_role(self, role: Role, owners: int) -> None:
        ensure_owner_remains(self, owners, new_role=role)
        self.role = role


def ensure_owner_remains(membership: Membership, owners: int, *, new_role: Role | None) -> None:
    """Refuse to remove or demote the last owner (``new_role`` None means removal)."""
    if membership.role is Role.OWNER and new_role is not Role.OWNER and owners <= 1:
        raise Conflict("a project must keep at least one owner")
