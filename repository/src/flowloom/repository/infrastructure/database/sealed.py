"""The columns holding values sealed with the credentials key (re-sealed on rotation)."""

from __future__ import annotations

from flowloom.repository.infrastructure.database.tables import sources
from flowloom.servicekit.database.reseal import SealedColumn

SEALED_COLUMNS = (SealedColumn(sources, "sealed_credentials"),)
