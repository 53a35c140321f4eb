"""SQL repositories of refresh tokens, API keys and signing keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, select, update

from flowloom.authorization.domain.credentials import ApiKey, RefreshToken
from flowloom.authorization.domain.repositories import (
    ApiKeyRepository,
    RefreshTokenRepository,
    SigningKeyRepository,
)
from flowloom.authorization.domain.signing import SigningKey
from flowloom.authorization.infrastructure.database.repositories import SqlRepository
from flowloom.authorization.infrastructure.database.tables import (
    api_keys,
    refresh_tokens,
    signing_keys,
)


class SqlRefreshTokenRepository(SqlRepository, RefreshTokenRepository):
    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        statement = select(RefreshToken).where(refresh_tokens.c.token_hash == token_hash)
        return await self._first(statement)

    async def add(self, token: RefreshToken) -> None:
        await self._add(token)

    async def revoke_family(self, family_id: str, now: datetime) -> None:
        await self._execute(
            update(RefreshToken)
            .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def delete_for_user(self, user_id: str) -> None:
        await self._execute(delete(RefreshToken).where(refresh_tokens.c.user_id == user_id))


class SqlApiKeyRepository(SqlRepository, ApiKeyRepository):
    async def get(self, key_id: str) -> ApiKey | None:
        return await self._session.get(ApiKey, key_id)

    async def get_by_prefix(self, prefix: str) -> ApiKey | None:
        return await self._first(select(ApiKey).where(api_keys.c.prefix == prefix))

    async def list_for_user(self, user_id: str, limit: int, after: str | None) -> list[ApiKey]:
        statement = (
            select(ApiKey)
            .where(api_keys.c.user_id == user_id)
            .order_by(api_keys.c.created_at, api_keys.c.id)
            .limit(limit)
        )
        # Like the fakes, a cursor that is not one of the user's keys starts from the top.
        cursor = await self.get(after) if after is not None else None
        if cursor is not None and cursor.user_id == user_id:
            statement = statement.where(
                or_(
                    api_keys.c.created_at > cursor.created_at,
                    and_(api_keys.c.created_at == cursor.created_at, api_keys.c.id > cursor.id),
                )
            )
        return await self._all(statement)

    async def add(self, key: ApiKey) -> None:
        await self._add(key)

    async def delete_for_project(self, project_id: str) -> None:
        await self._execute(delete(ApiKey).where(api_keys.c.project_id == project_id))

    async def delete_for_user(self, user_id: str) -> None:
        await self._execute(delete(ApiKey).where(api_keys.c.user_id == user_id))


class SqlSigningKeyRepository(SqlRepository, SigningKeyRepository):
    async def list_all(self) -> list[SigningKey]:
        return await self._all(
            select(SigningKey).order_by(signing_keys.c.created_at.desc(), signing_keys.c.kid.desc())
        )

    async def add(self, key: SigningKey) -> None:
        await self._add(key)

    async def delete(self, kid: str) -> None:
        await self._execute(delete(SigningKey).where(signing_keys.c.kid == kid))
