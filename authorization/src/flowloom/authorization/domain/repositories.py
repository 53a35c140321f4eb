"""Repository ports: how the application loads and stores the aggregates."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from datetime import datetime

from flowloom.authorization.domain.credentials import ApiKey, RefreshToken
from flowloom.authorization.domain.model import Membership, Project, User
from flowloom.authorization.domain.signing import SigningKey
from flowloom.authorization.domain.throttle import LoginThrottle

# Repository conventions: objects returned by a repository are tracked by the unit of work and
# their changes are saved on commit; `add` is for new objects only. Unique constraints (username,
# project name, API key prefix, membership) raise `Conflict` from `add` or from `commit`.
# Paged lists return at most `limit` items strictly after the cursor `after`, in a stable order.


class UserRepository(ABC):
    """Users, unique by username."""

    @abstractmethod
    async def get(self, user_id: str) -> User | None: ...
    @abstractmethod
    async def get_by_username(self, username: str) -> User | None: ...
    @abstractmethod
    async def get_many(self, user_ids: Collection[str]) -> list[User]:
        """The users that exist among ``user_ids``, in any order."""

    @abstractmethod
    async def list_page(self, limit: int, after: str | None) -> list[User]:
        """Ordered by username; ``after`` is the username of the previous page's last user."""

    @abstractmethod
    async def has_any(self) -> bool: ...
    @abstractmethod
    async def count_active_admins(self) -> int: ...
    @abstractmethod
    async def add(self, user: User) -> None: ...
    @abstractmethod
    async def delete(self, user: User) -> None: ...


class ProjectRepository(ABC):
    """Projects, unique by name."""

    @abstractmethod
    async def get(self, project_id: str) -> Project | None: ...
    @abstractmethod
    async def get_by_name(self, name: str) -> Project | None: ...
    @abstractmethod
    async def get_many(self, project_ids: Collection[str]) -> list[Project]:
        """The projects that exist among ``project_ids``, in any order."""

    @abstractmethod
    async def list_page(
        self, limit: int, after: str | None, member_id: str | None = None
    ) -> list[Project]:
        """Ordered by name (``after`` is a name); only ``member_id``'s projects when given."""

    @abstractmethod
    async def add(self, project: Project) -> None: ...
    @abstractmethod
    async def delete(self, project: Project) -> None: ...


class MembershipRepository(ABC):
    """Memberships, unique by (project, user)."""

    @abstractmethod
    async def get(self, project_id: str, user_id: str) -> Membership | None: ...
    @abstractmethod
    async def list_for_user(self, user_id: str) -> list[Membership]:
        """All of a user's memberships (a handful: not paged)."""

    @abstractmethod
    async def list_for_project(
        self, project_id: str, limit: int, after: str | None
    ) -> list[Membership]:
        """Ordered by user id; ``after`` is the user id of the previous page's last member."""

    @abstractmethod
    async def count_owners(self, project_id: str) -> int: ...
    @abstractmethod
    async def add(self, membership: Membership) -> None: ...
    @abstractmethod
    async def delete(self, membership: Membership) -> None: ...
    @abstractmethod
    async def delete_for_project(self, project_id: str) -> None: ...
    @abstractmethod
    async def delete_for_user(self, user_id: str) -> None: ...


class RefreshTokenRepository(ABC):
    """Refresh tokens, found by the SHA-256 of their secret."""

    @abstractmethod
    async def get_by_hash(self, token_hash: str) -> RefreshToken | None: ...
    @abstractmethod
    async def add(self, token: RefreshToken) -> None: ...
    @abstractmethod
    async def revoke_family(self, family_id: str, now: datetime) -> None:
        """Set ``revoked_at`` on every not yet revoked token of the family."""

    @abstractmethod
    async def delete_for_user(self, user_id: str) -> None: ...


class ApiKeyRepository(ABC):
    """API keys, unique by prefix."""

    @abstractmethod
    async def get(self, key_id: str) -> ApiKey | None: ...
    @abstractmethod
    async def get_by_prefix(self, prefix: str) -> ApiKey | None: ...
    @abstractmethod
    async def list_for_user(self, user_id: str, limit: int, after: str | None) -> list[ApiKey]:
        """Ordered by (created_at, id); ``after`` is the id of the previous page's last key."""

    @abstractmethod
    async def add(self, key: ApiKey) -> None: ...
    @abstractmethod
    async def delete_for_project(self, project_id: str) -> None: ...
    @abstractmethod
    async def delete_for_user(self, user_id: str) -> None: ...


class LoginThrottleRepository(ABC):
    """Failed-login counters, one per (username, client address) — usernames that do not
    exist included — and one per client address (username ``EVERY_USERNAME``)."""

    @abstractmethod
    async def get(self, throttle_id: str, *, lock: bool = True) -> LoginThrottle | None:
        """The counter; with ``lock``, read afresh and locked until the transaction ends where
        the database can, so that simultaneous failures cannot lose a count."""

    @abstractmethod
    async def add(self, throttle: LoginThrottle) -> None:
        """Insert; two concurrent first failures of one pair must not raise (upsert)."""

    @abstractmethod
    async def delete(self, throttle: LoginThrottle) -> None: ...
    @abstractmethod
    async def list_locked_out(
        self, now: datetime, limit: int, after: tuple[str, str] | None
    ) -> list[LoginThrottle]:
        """The counters in a lockout at ``now`` (``is_locked_out``), ordered by (username,
        address); ``after`` is the (username, address) of the previous page's last one."""

    @abstractmethod
    async def forget(self, now: datetime, keep: int) -> int:
        """Delete the counters forgotten at ``now``, then those nearest to being forgotten
        until at most ``keep`` remain, skipping any another transaction holds; how many went."""


class SigningKeyRepository(ABC):
    """The signing key set shared by every replica."""

    @abstractmethod
    async def list_all(self) -> list[SigningKey]:
        """Every stored key, newest first."""

    @abstractmethod
    async def add(self, key: SigningKey) -> None: ...
    @abstractmethod
    async def delete(self, kid: str) -> None: ...
