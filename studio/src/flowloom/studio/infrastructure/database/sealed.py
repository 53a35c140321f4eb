"""The columns holding values sealed with the secrets key (re-sealed on rotation)."""

from __future__ import annotations

from flowloom.servicekit.database.reseal import SealedColumn
from flowloom.studio.infrastructure.database.tables import secrets

SEALED_COLUMNS = (SealedColumn(secrets, "sealed"),)
