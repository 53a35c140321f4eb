"""Project variables (typed values) and secrets (write-only values)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flowloom.studio.domain.errors import NotFound, ValidationFailed
from flowloom.studio.domain.events import SecretDeleted, SecretSet
from flowloom.studio.domain.io import IoType, LiteralValue, literal_problem
from flowloom.studio.domain.ports import Clock, Ids, UnitOfWork
from flowloom.studio.domain.records import Page, SecretRecord, VariableRecord
from flowloom.studio.domain.variables import ProjectVariable

NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
# A variable becomes a literal when a version is frozen; files and bytes have no literal form
# through the API (a file variable would need its own upload), so they are refused for now.
UNSUPPORTED = frozenset({IoType.FILE, IoType.DIRECTORY, IoType.BYTES})


@dataclass(eq=False)
class VariableService:
    """Deleting a variable or a secret that workflows use is allowed: they then show a
    problem (``unknown_variable``/``unknown_secret``) until it is created again.

    Every secret change is also told to the runner (``SecretSet``/``SecretDeleted``, in the
    same transaction): it keeps its own sealed copy and resolves secrets when an execution
    starts, so a new value applies from the next execution."""

    uow: Callable[[], UnitOfWork]
    clock: Clock
    ids: Ids

    async def put_variable(
        self, project: str, name: str, type_: IoType, value: LiteralValue
    ) -> VariableRecord:
        _check_name(name)
        if type_ in UNSUPPORTED:
            raise ValidationFailed("type", f"a variable of type {type_} is not supported")
        why = literal_problem(
            type_, value, optional=False, enum_values=(value,) if isinstance(value, str) else ()
        )
        if why:
            raise ValidationFailed("value", f"a {type_} variable {why}")
        if type_ is IoType.FLOAT and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)  # as frozen versions hold it
        variable = ProjectVariable(name, type_, value)
        async with self.uow() as uow:
            record = await uow.variables.put(project, variable, self.clock.now())
            await uow.commit()
        return record

    async def variables(self, project: str, limit: int, cursor: str | None) -> Page[VariableRecord]:
        async with self.uow() as uow:
            return await uow.variables.page(project, limit, cursor)

    async def delete_variable(self, project: str, name: str) -> None:
        async with self.uow() as uow:
            if not await uow.variables.delete(project, name):
                raise NotFound(f"the project has no variable '{name}'")
            await uow.commit()

    async def put_secret(self, project: str, name: str, value: str) -> SecretRecord:
        _check_name(name)
        async with self.uow() as uow:
            now = self.clock.now()
            record = await uow.secrets.put(project, name, value, now)
            uow.emit(SecretSet(self.ids.new_id(), project, name, value, now))
            await uow.commit()
        return record

    async def secrets(self, project: str, limit: int, cursor: str | None) -> Page[SecretRecord]:
        async with self.uow() as uow:
            return await uow.secrets.page(project, limit, cursor)

    async def delete_secret(self, project: str, name: str) -> None:
        async with self.uow() as uow:
            if not await uow.secrets.delete(project, name):
                raise NotFound(f"the project has no secret '{name}'")
            uow.emit(SecretDeleted(self.ids.new_id(), project, name, self.clock.now()))
            await uow.commit()


def _check_name(name: str) -> None:
    if not NAME.fullmatch(name):
        raise ValidationFailed(
            "name", "a name is 1-128 of A-Z a-z 0-9 _ . - and starts with a letter, digit or _"
        )
