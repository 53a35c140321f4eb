"""What the services share from servicekit: the kernel (pages, keyed locks), the Fernet
cipher, the project caller's role checks and the order of a service's lifespan."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, HTTPException

from flowloom.servicekit.ciphers import FernetCipher
from flowloom.servicekit.kernel import KeyedLocks, page_of
from flowloom.servicekit.tokens import TokenClaims
from flowloom.servicekit.web.app import Step, service_lifespan
from flowloom.servicekit.web.callers import EDIT, OPERATE, READ, Caller, Role


def test_page_of_cuts_the_extra_row_and_names_the_last_item_as_the_cursor() -> None:
    page = page_of([1, 2, 3], 2, str)

    assert page.items == [1, 2]
    assert page.next_cursor == "2"


def test_page_of_has_no_cursor_on_the_last_page() -> None:
    assert page_of([1, 2], 2, str).next_cursor is None


def test_keyed_locks_give_one_lock_per_key_until_forgotten() -> None:
    locks = KeyedLocks()
    first = locks("run-1")

    assert locks("run-1") is first
    assert locks("run-2") is not first
    locks.forget("run-1")
    assert locks("run-1") is not first


class NoteCipher(FernetCipher):
    unopened = "the note cannot be opened"


def test_a_cipher_opens_what_a_previous_key_sealed_and_names_what_no_key_opens() -> None:
    old, new = FernetCipher.generate_key(), FernetCipher.generate_key()
    sealed = NoteCipher(old).seal_bytes(b"note")

    assert NoteCipher(new, old).open_bytes(sealed) == b"note"
    with pytest.raises(ValueError, match="the note cannot be opened"):
        NoteCipher(new).open_bytes(sealed)


def claims(role: str | None, *, is_admin: bool = False) -> TokenClaims:
    return TokenClaims(
        user_id="u1",
        username="ann",
        project_id="p1",
        role=role,
        is_admin=is_admin,
        issued_at=0.0,
        expires_at=0,
    )


def test_role_sets_admit_the_roles_of_each_kind_of_work() -> None:
    assert set(READ) == set(Role)
    assert set(EDIT) == {Role.OWNER, Role.DEVELOPER}
    assert set(OPERATE) == {Role.OWNER, Role.DEVELOPER, Role.OPERATOR}


def test_a_caller_whose_role_may_not_act_is_refused_naming_the_action() -> None:
    viewer = Caller("p1", claims("viewer"))

    with pytest.raises(HTTPException) as refused:
        viewer.require(EDIT, "edit workflows")
    assert refused.value.status_code == 403
    assert refused.value.detail == "your role in this project may not edit workflows"


def test_a_platform_admin_may_act_whatever_the_role() -> None:
    Caller("p1", claims(None, is_admin=True)).require(EDIT, "edit workflows")
    Caller("p1", claims("developer")).require(EDIT, "edit workflows")


class Engine:
    def __init__(self, steps: list[str]) -> None:
        self._steps = steps

    async def dispose(self) -> None:
        self._steps.append("dispose")


class FakeContainer:
    def __init__(self, steps: list[str]) -> None:
        self._steps = steps
        self._engine = Engine(steps)

    async def init_resources(self) -> None:
        self._steps.append("open")

    async def shutdown_resources(self) -> None:
        self._steps.append("close")

    def engine(self) -> Engine:
        return self._engine


async def test_a_lifespan_prepares_opens_starts_then_stops_closes_disposes_and_ends() -> None:
    steps: list[str] = []

    def step(name: str) -> Step:
        async def run() -> None:
            steps.append(name)

        return run

    lifespan = service_lifespan(
        FakeContainer(steps),
        prepare=step("prepare"),
        start=step("start"),
        stop=step("stop"),
        closed=step("closed"),
    )
    async with lifespan(FastAPI()):
        steps.append("serve")

    assert steps == ["prepare", "open", "start", "serve", "stop", "close", "dispose", "closed"]


async def test_a_failed_start_still_stops_and_closes() -> None:
    steps: list[str] = []

    async def start() -> None:
        raise RuntimeError("no bus")

    async def stop() -> None:
        steps.append("stop")

    lifespan = service_lifespan(FakeContainer(steps), start=start, stop=stop)
    with pytest.raises(RuntimeError, match="no bus"):
        async with lifespan(FastAPI()):
            pass

    assert steps == ["open", "stop", "close", "dispose"]
