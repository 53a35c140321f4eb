"""The outcome journal as an append-only file in the runner's data directory."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from flowloom.runner.domain.invocation import HeldOutcome
from flowloom.runner.domain.ports import OutcomeJournal
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.journal.codec import held_from_json, held_to_json

log = logging.getLogger(__name__)


@dataclass(eq=False)
class FileOutcomeJournal(OutcomeJournal):
    """One line per change: ``{"hold": key, "sealed": …}`` or ``{"release": key}``.

    An outcome is sealed with the values key (its outputs may hold passwords and secrets),
    and its line is fsynced before ``hold`` returns, so neither ``kill -9`` of the runner nor
    a crash of the host loses it. A release is only written (a lost release costs a stale
    outcome at the next start, which the engine ignores). The file is emptied whenever
    nothing is held any more (what it held at start counts until released). Only outcomes
    the database refused come here: nothing is written while it answers.
    """

    path: Path
    cipher: ValueCipher
    _held: set[str] = field(init=False, default_factory=set)
    _lock: asyncio.Lock = field(init=False, default_factory=asyncio.Lock)

    async def hold(self, held: HeldOutcome) -> None:
        key = _key(held)
        line = {"hold": key, "sealed": self.cipher.seal(held_to_json(held))}
        async with self._lock:
            await asyncio.to_thread(self._append, line, True)
            self._held.add(key)

    async def release(self, held: HeldOutcome) -> None:
        key = _key(held)
        async with self._lock:
            if key not in self._held:
                return
            self._held.discard(key)
            if self._held:
                await asyncio.to_thread(self._append, {"release": key}, False)
            else:
                await asyncio.to_thread(self._empty)

    async def held(self) -> list[HeldOutcome]:
        async with self._lock:
            kept = await asyncio.to_thread(self._read)
            self._held |= {_key(held) for held in kept}
            return kept

    def _append(self, line: dict[str, str], durable: bool) -> None:
        created = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(line, separators=(",", ":")) + "\n")
            file.flush()
            if durable:
                os.fsync(file.fileno())
        if created and durable:  # the file's name is durable too
            directory = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)

    def _empty(self) -> None:
        if self.path.exists():
            self.path.write_bytes(b"")

    def _read(self) -> list[HeldOutcome]:
        if not self.path.exists():
            return []
        sealed: dict[str, str] = {}
        for number, text in enumerate(self.path.read_text("utf-8").splitlines(), 1):
            try:
                line = json.loads(text)
            except ValueError:  # a line cut short by a crash while it was written
                log.warning("outcome journal %s: line %d is unreadable", self.path, number)
                continue
            if "hold" in line:
                sealed[line["hold"]] = line["sealed"]
            else:
                sealed.pop(line.get("release", ""), None)
        kept = []
        for key, token in sealed.items():
            try:
                kept.append(held_from_json(self.cipher.unseal(token)))
            except (ValueError, KeyError, TypeError) as error:
                log.error("outcome journal %s: the outcome %s is lost: %s", self.path, key, error)
        return kept


def _key(held: HeldOutcome) -> str:
    return f"{held.execution_id}/{held.attempt}"
