"""Request and response bodies of the authorization API (pydantic)."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from flowloom.authorization.domain.model import Role

T = TypeVar("T")


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` to get the next page.")


class LoginRequest(Schema):
    username: str = Field(min_length=1, max_length=64, examples=["admin"])
    password: str = Field(min_length=1, max_length=1024)
    project_id: str | None = Field(None, description="Project to scope the token to.")


class RefreshRequest(Schema):
    refresh_token: str = Field(min_length=1, max_length=512)


class ApiKeyExchangeRequest(Schema):
    api_key: str = Field(min_length=1, max_length=512, examples=["flk_ab12cd34_…"])


class SwitchProjectRequest(Schema):
    project_id: str = Field(min_length=1, max_length=64)
    refresh_token: str | None = Field(None, description="Current refresh token, revoked.")


class TokenResponse(Schema):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires.")
    expires_at: datetime
    refresh_token: str | None = Field(description="Absent for API-key tokens.")
    refresh_expires_at: datetime | None
    project_id: str | None
    role: Role | None


class ChangePasswordRequest(Schema):
    old_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=8, max_length=1024)


class UserOut(Schema):
    id: str
    username: str
    full_name: str
    email: str | None
    is_admin: bool
    active: bool
    created_at: datetime


class MembershipOut(Schema):
    project_id: str
    project_name: str
    role: Role


class MeOut(Schema):
    user: UserOut
    memberships: list[MembershipOut]
    project_id: str | None = Field(description="The project the token is scoped to.")
    role: Role | None


class NewUserRequest(Schema):
    username: str = Field(min_length=3, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    password: str = Field(min_length=8, max_length=1024)
    full_name: str = Field("", max_length=128)
    email: str | None = Field(None, max_length=254)
    is_admin: StrictBool = False


class UserChangesRequest(Schema):
    full_name: str | None = Field(None, max_length=128)
    email: str | None = Field(None, max_length=254, description="null clears the address.")
    is_admin: StrictBool | None = None
    active: StrictBool | None = None
    password: str | None = Field(None, min_length=8, max_length=1024)


class ProjectRequest(Schema):
    name: str = Field(min_length=1, max_length=64, examples=["data-team"])


class ProjectOut(Schema):
    id: str
    name: str
    created_at: datetime
    role: Role | None = Field(description="The caller's role (null: admin, not a member).")


class NewMemberRequest(Schema):
    username: str = Field(min_length=1, max_length=64)
    role: Role


class RoleRequest(Schema):
    role: Role


class MemberOut(Schema):
    user_id: str
    username: str
    full_name: str
    role: Role


class NewApiKeyRequest(Schema):
    name: str = Field(min_length=1, max_length=64, examples=["ci"])
    project_id: str | None = Field(None, description="Defaults to the token's project.")
    expires_at: datetime | None = Field(None, description="Aware date-time; none: no expiry.")


class ApiKeyOut(Schema):
    id: str
    prefix: str
    name: str
    project_id: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class CreatedApiKeyOut(Schema):
    key: ApiKeyOut
    api_key: str = Field(description="The secret, shown this once only.")


class LockoutOut(Schema):
    id: str = Field(description="Give it to `DELETE /lockouts/{id}` to clear the lockout.")
    username: str | None = Field(
        description="The username tried (known or not); null: every username, the address's "
        "own lockout (one address failing for many usernames)."
    )
    address: str = Field(
        description="The client's address (an IPv6 client's /64 network), as the connection "
        "or a trusted proxy tells it."
    )
    failures: int = Field(description="Failed logins in a row from this address.")
    locked_until: datetime = Field(
        description="End of the current lock; once past, the next failure locks again, for "
        "twice as long."
    )
    last_failure_at: datetime | None
    retry_after_seconds: int = Field(description="Seconds until the next attempt (0: now).")
