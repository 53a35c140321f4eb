"""Rescan rules: digests keep or reset states, missing paths are flagged, duplicates refused."""

from __future__ import annotations

import itertools

from flowloom.repository.domain.action import ScanError
from flowloom.repository.domain.catalog import Action, ActionState
from flowloom.repository.domain.rescan import reconcile
from flowloom.repository.domain.scan import ScanResult

from .builders import NOW, found, source

S = ActionState


def ids() -> itertools.count[int]:
    return itertools.count(1)


def new_id_factory():  # type: ignore[no-untyped-def]
    counter = ids()
    return lambda: f"new-{next(counter)}"


def first_scan(*items: tuple[str, str, str]) -> list[Action]:
    result = ScanResult("sha1", "main", [found(p, i, d) for p, i, d in items])
    return reconcile(source(), result, [], [], {}, new_id_factory(), NOW).added


def test_records_new_actions_as_scanned() -> None:
    added = first_scan(("a", "alpha", "d1"), ("b", "beta", "d2"))

    assert [(a.path, a.state, a.technical_name, a.sha) for a in added] == [
        ("a", S.SCANNED, "alpha", "sha1"),
        ("b", S.SCANNED, "beta", "sha1"),
    ]


def test_keeps_built_when_digest_is_unchanged_and_resets_changed_one() -> None:
    same, changed = first_scan(("a", "alpha", "d1"), ("b", "beta", "d2"))
    for record in (same, changed):
        record.request_build(f"b-{record.path}", NOW)
        record.build_succeeded(f"b-{record.path}", f"s3://{record.path}", NOW)
    result = ScanResult("sha2", "main", [found("a", "alpha", "d1"), found("b", "beta", "d9")])

    outcome = reconcile(source(), result, [same, changed], [], {}, new_id_factory(), NOW)

    assert outcome.added == []
    assert (same.state, same.artefact, same.sha) == (S.BUILT, "s3://a", "sha2")
    assert (changed.state, changed.artefact, changed.content_digest) == (S.SCANNED, None, "d9")
    assert changed.published_build_id == "b-b"


def test_flags_missing_actions_without_deleting_them() -> None:
    kept, gone = first_scan(("a", "alpha", "d1"), ("b", "beta", "d2"))
    result = ScanResult("sha2", "main", [found("a", "alpha", "d1")])

    outcome = reconcile(source(), result, [kept, gone], [], {}, new_id_factory(), NOW)

    assert outcome.changed == [kept, gone]
    assert (kept.present_in_latest_scan, gone.present_in_latest_scan) == (True, False)


def test_records_rejected_paths_as_scan_error_with_their_errors() -> None:
    error = ScanError("bad/ryax_metadata.yaml", 2, "kind", "bad kind")
    result = ScanResult("sha1", "main", [], [error], {"bad": [error]})

    outcome = reconcile(source(), result, [], [], {}, new_id_factory(), NOW)

    [record] = outcome.added
    assert (record.path, record.state, record.errors) == ("bad", S.SCAN_ERROR, [error])
    assert outcome.errors == [error]


def test_rejects_second_provider_of_a_name_and_version_from_another_source() -> None:
    other = first_scan(("x", "shared", "d1"))[0]
    other.source_id = "s0"
    result = ScanResult(
        "sha1", "main", [found("y", "shared", "d2"), found("z", "shared", "d3", "2")]
    )

    outcome = reconcile(source(), result, [], [other], {"s0": "first"}, new_id_factory(), NOW)

    message = "action shared version 1.0 is already provided by source first at path x"
    assert outcome.errors == [ScanError("y/ryax_metadata.yaml", None, "spec.id", message)]
    states = {a.path: a.state for a in outcome.added}
    assert states == {"y": S.SCAN_ERROR, "z": S.SCANNED}


def test_rejects_duplicate_within_one_scan_on_the_later_path() -> None:
    result = ScanResult("sha1", "main", [found("b", "same", "d2"), found("a", "same", "d1")])

    outcome = reconcile(source(), result, [], [], {}, new_id_factory(), NOW)

    message = "action same version 1.0 is already provided by source main-source at path a"
    assert [(e.path, e.message) for e in outcome.errors] == [("b/ryax_metadata.yaml", message)]


def test_cancels_active_build_when_its_content_changed() -> None:
    [record] = first_scan(("a", "alpha", "d1"))
    record.request_build("b1", NOW)
    result = ScanResult("sha2", "main", [found("a", "alpha", "d2")])

    outcome = reconcile(source(), result, [record], [], {}, new_id_factory(), NOW)

    assert outcome.cancelled_builds == ["b1"]
    assert record.state is S.SCANNED
