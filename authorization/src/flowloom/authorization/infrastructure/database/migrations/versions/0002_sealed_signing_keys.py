"""Signing keys sealed at rest, with a start and an end of service (rotation).

The private half of each stored key is sealed with the key-encryption key, which the caller
hands in as the `key_encryption_key` attribute (a `KeyRing`): the service's lifespan, its
`-migrate` script and `flowloom-adm migrate` do. Keys already retired are deleted. On SQLite
the old table is dropped with `secure_delete` on, so its pages (which held the clear keys) are
overwritten with zeros instead of lingering in the file.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from flowloom.servicekit.database.migration_ops import TIMESTAMP

revision: str = "0002"
down_revision: str | None = "0001"

KEYS = sa.table(
    "signing_keys",
    sa.column("kid", sa.String),
    sa.column("private_pem", sa.Text),
    sa.column("created_at", TIMESTAMP),
    sa.column("retired_at", TIMESTAMP),
    sa.column("sealed_private_key", sa.Text),
    sa.column("signs_from", TIMESTAMP),
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("PRAGMA secure_delete = ON")
    op.execute(KEYS.delete().where(KEYS.c.retired_at.is_not(None)))
    clear = bind.execute(sa.select(KEYS.c.kid, KEYS.c.private_pem, KEYS.c.created_at)).all()
    sealed = _sealed(clear)
    # The clear column goes first (the table is copied without it on SQLite), then the
    # sealed values land in rows that never held a clear key.
    with op.batch_alter_table("signing_keys", recreate="always") as batch:
        batch.drop_column("private_pem")
        batch.drop_column("retired_at")
        batch.add_column(sa.Column("sealed_private_key", sa.Text(), nullable=True))
        batch.add_column(sa.Column("signs_from", TIMESTAMP, nullable=True))
        batch.add_column(sa.Column("retires_at", TIMESTAMP, nullable=True))
    for kid, created_at in ((row.kid, row.created_at) for row in clear):
        op.execute(
            KEYS.update()
            .where(KEYS.c.kid == kid)
            .values(sealed_private_key=sealed[kid], signs_from=created_at)
        )
    with op.batch_alter_table("signing_keys") as batch:
        batch.alter_column("sealed_private_key", existing_type=sa.Text(), nullable=False)
        batch.alter_column("signs_from", existing_type=TIMESTAMP, nullable=False)


def _sealed(clear: Sequence[sa.Row[tuple[str, str, object]]]) -> dict[str, str]:
    if not clear:
        return {}
    ring = context.config.attributes.get("key_encryption_key")
    if ring is None:
        raise RuntimeError(
            "the authorization database holds signing keys in clear: sealing them needs the "
            "key-encryption key (FLOWLOOM_AUTHORIZATION_KEY_ENCRYPTION_KEY or _FILE); run the "
            "migration from the service, flowloom-authorization-migrate or flowloom-adm migrate"
        )
    return {row.kid: ring.seal(row.private_pem.encode()).decode("ascii") for row in clear}


def downgrade() -> None:
    # The clear keys are not written back: the downgraded service makes a new key at start
    # (tokens signed by the sealed keys stop verifying).
    op.execute(KEYS.delete())
    with op.batch_alter_table("signing_keys", recreate="always") as batch:
        batch.drop_column("sealed_private_key")
        batch.drop_column("signs_from")
        batch.drop_column("retires_at")
        batch.add_column(sa.Column("private_pem", sa.Text(), nullable=False))
        batch.add_column(sa.Column("retired_at", TIMESTAMP, nullable=True))
