"""The action state machine: every allowed transition and every refused one."""

from __future__ import annotations

import pytest

from flowloom.repository.domain.action import ScanError
from flowloom.repository.domain.build import Build, BuildState
from flowloom.repository.domain.catalog import Action, ActionState
from flowloom.repository.domain.errors import Conflict

from .builders import NOW, action, content

S = ActionState
ERROR = ScanError("a/ryax_metadata.yaml", 1, "kind", "bad kind")


@pytest.mark.parametrize("state", [S.SCANNED, S.BUILD_ERROR, S.CANCELLED, S.BUILT])
def test_goes_to_build_pending_when_build_requested_from_buildable_state(state: S) -> None:
    record = action(state)

    record.request_build("b1", NOW)

    assert (record.state, record.current_build_id) == (S.BUILD_PENDING, "b1")


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (S.SCAN_ERROR, "this action has scan errors: fix them and scan again before building"),
        (S.BUILD_PENDING, "this action is already being built (Build Pending)"),
        (S.BUILDING, "this action is already being built (Building)"),
    ],
)
def test_refuses_build_when_state_does_not_allow_it(state: S, message: str) -> None:
    record = action(state, "b0")

    with pytest.raises(Conflict, match=message.replace("(", r"\(").replace(")", r"\)")):
        record.request_build("b1", NOW)

    assert record.state is state


def test_refuses_build_when_action_is_missing_from_latest_scan() -> None:
    record = action()
    record.missing(NOW)

    with pytest.raises(Conflict, match="no longer in its source"):
        record.request_build("b1", NOW)


def test_moves_through_building_to_built_and_publishes_when_build_succeeds() -> None:
    record = action(S.BUILD_PENDING, "b1")

    assert record.build_started("b1", NOW)
    assert record.state is S.BUILDING
    assert record.build_succeeded("b1", "s3://art", NOW)

    assert (record.state, record.artefact, record.current_build_id) == (S.BUILT, "s3://art", None)
    assert (record.published_build_id, record.published_technical_name) == ("b1", "act")


def test_goes_to_built_when_success_arrives_without_start() -> None:
    record = action(S.BUILD_PENDING, "b1")

    assert record.build_succeeded("b1", "s3://art", NOW)
    assert record.state is S.BUILT


@pytest.mark.parametrize("state", [S.BUILD_PENDING, S.BUILDING])
def test_goes_to_build_error_or_cancelled_when_active_build_ends_badly(state: S) -> None:
    failed, cancelled = action(state, "b1"), action(state, "b1")

    assert failed.build_failed("b1", NOW)
    assert cancelled.build_cancelled("b1", NOW)

    assert (failed.state, cancelled.state) == (S.BUILD_ERROR, S.CANCELLED)


@pytest.mark.parametrize("state", [S.SCANNED, S.BUILT, S.BUILD_ERROR, S.CANCELLED, S.SCAN_ERROR])
def test_ignores_build_results_when_no_build_is_active(state: S) -> None:
    record = action(state)

    assert not record.build_started("b1", NOW)
    assert not record.build_succeeded("b1", "s3://x", NOW)
    assert not record.build_failed("b1", NOW)
    assert not record.build_cancelled("b1", NOW)
    assert record.state is state


def test_ignores_results_of_another_build_than_the_current_one() -> None:
    record = action(S.BUILDING, "b2")

    assert not record.build_succeeded("b1", "s3://x", NOW)
    assert not record.build_started("b1", NOW)
    assert (record.state, record.current_build_id) == (S.BUILDING, "b2")


def test_keeps_built_state_and_artefact_when_rescanned_with_same_digest() -> None:
    record = action(S.BUILT)
    record.artefact = "s3://art"

    cancelled = record.rescanned(content("d1", sha="sha2"), NOW)

    assert (cancelled, record.state, record.artefact, record.sha) == (
        None,
        S.BUILT,
        "s3://art",
        "sha2",
    )


def test_goes_back_to_scanned_keeping_publication_when_content_changes() -> None:
    record = action(S.BUILD_PENDING, "b1")
    record.build_succeeded("b1", "s3://art", NOW)

    cancelled = record.rescanned(content("d2"), NOW)

    assert (cancelled, record.state, record.artefact) == (None, S.SCANNED, None)
    assert (record.content_digest, record.published_build_id) == ("d2", "b1")


def test_returns_active_build_when_content_changes_during_a_build() -> None:
    record = action(S.BUILDING, "b1")

    assert record.rescanned(content("d2"), NOW) == "b1"
    assert (record.state, record.current_build_id) == (S.SCANNED, None)


def test_goes_to_scan_error_and_back_to_scanned_when_metadata_breaks_then_heals() -> None:
    record = action(S.BUILDING, "b1")

    assert record.rejected([ERROR], "sha2", NOW) == "b1"
    assert (record.state, record.errors, record.definition) == (S.SCAN_ERROR, [ERROR], None)
    assert record.rescanned(content("d1"), NOW) is None
    assert (record.state, record.errors) == (S.SCANNED, [])


def test_build_ignores_every_result_once_finished() -> None:
    build = Build("b1", "p1", "a1", "d1", "sha", "s3://src", NOW)

    assert build.start(NOW)
    assert not build.start(NOW)
    assert build.fail("boom", "", 1.0, NOW)
    assert not build.succeed("s3://art", "sha256:x", "", False, 1.0, NOW)
    assert not build.cancel(NOW)
    assert (build.state, build.error) == (BuildState.FAILED, "boom")


def test_is_a_plain_dataclass_record() -> None:
    assert isinstance(action(), Action)
