"""The columns holding values sealed with the key-encryption key (re-sealed on rotation)."""

from __future__ import annotations

from flowloom.authorization.infrastructure.database.tables import signing_keys
from flowloom.servicekit.database.reseal import SealedColumn

SEALED_COLUMNS = (SealedColumn(signing_keys, "sealed_private_key"),)
