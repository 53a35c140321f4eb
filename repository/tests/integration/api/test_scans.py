"""Scans through the HTTP API: valid actions of every kind, every scan error, refs, failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..action_repos import ERROR_ACTIONS, catalogue_repo, png
from ..git_repos import commit_all, git, init_repo, one_action_repo, write_action
from .service import Service

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ALLOWED = (
    "id, human_name, type, version, description, logo, categories, dependencies, options, "
    "resources, dynamic_outputs, addons, inputs, outputs"
)
# path → [(file, line, field, message)], exactly as the API shows them.
EXPECTED_ERRORS = {
    "errors/bad-id": [
        ("errors/bad-id/ryax_metadata.yaml", 4, "spec.id",
         "spec.id may only contain lowercase letters, digits, '-' and '.' (got 'Bad_Id')."),
    ],
    "errors/bad-kind": [
        ("errors/bad-kind/ryax_metadata.yaml", 2, "kind",
         "kind must be one of Processor, Source, Publisher (got 'Trigger')."),
    ],
    "errors/bad-resources": [
        ("errors/bad-resources/ryax_metadata.yaml", 8, "spec.resources.cpu",
         "spec.resources.cpu must be at least 0.1 (got 0.01)."),
        ("errors/bad-resources/ryax_metadata.yaml", 8, "spec.resources.memory",
         "spec.resources.memory must be above 32M (got '10K')."),
    ],
    "errors/bad-type": [
        ("errors/bad-type/ryax_metadata.yaml", 6, "spec.type",
         "spec.type must be one of python3, python3-cuda, nodejs, csharp-dotnet6 (got 'cobol')."),
    ],
    "errors/bad-yaml": [
        ("errors/bad-yaml/ryax_metadata.yaml", 2, None,
         "ryax_metadata.yaml is not valid YAML: expected ',' or ']', but got '<stream end>'."),
    ],
    "errors/duplicate-io": [
        ("errors/duplicate-io/ryax_metadata.yaml", 10, "spec.inputs[1].name",
         "Duplicate input name 'x': spec.inputs[0] already uses it."),
    ],
    "errors/dynamic-processor": [
        ("errors/dynamic-processor/ryax_metadata.yaml", 8, "spec.dynamic_outputs",
         "Only trigger actions may have dynamic outputs"),
    ],
    "errors/logo-missing": [
        ("errors/logo-missing/ryax_metadata.yaml", 8, "spec.logo",
         "logo file 'icon.png' does not exist."),
    ],
    "errors/logo-not-image": [
        ("errors/logo-not-image/logo.gif", None, "spec.logo",
         "logo 'logo.gif' must be a png, jpg or jpeg file."),
    ],
    "errors/logo-too-large": [
        ("errors/logo-too-large/logo.png", None, None,
         "logo 'logo.png' is 300x300 px; at most 250x250 px is allowed."),
    ],
    "errors/no-handle": [
        ("errors/no-handle/ryax_handler.py", None, None,
         "no handle function: define a top-level 'def handle(inputs: dict)'"),
    ],
    "errors/no-run": [
        ("errors/no-run/ryax_run.py", 1, None,
         "no async def run: 'run' is a plain def, it must be 'async def run'"),
    ],
    "errors/syntax-error": [
        ("errors/syntax-error/ryax_handler.py", 2, None, "syntax error: '{' was never closed"),
    ],
    "errors/unknown-key": [
        ("errors/unknown-key/ryax_metadata.yaml", 8, "spec.colour",
         f"Unknown key 'colour' in spec: allowed keys are {ALLOWED}."),
    ],
    "errors/v1": [
        ("errors/v1/ryax_metadata.yaml", 1, "apiVersion",
         "Metadata apiVersion v1 no longer supported."),
    ],
}  # fmt: skip
IO_TYPES = "string longstring password integer float boolean enum file directory bytes file"


def build_id(action: dict) -> str:
    return str(action["artefact"]).rsplit("/", 1)[1].removesuffix(".tar.gz")


def as_tuples(errors: list[dict]) -> list[tuple]:
    return [(e["file"], e["line"], e["field"], e["message"]) for e in errors]


async def test_records_valid_actions_and_every_scan_error_when_scanning_catalogue(
    service: Service, tmp_path: Path
) -> None:
    sha = catalogue_repo(tmp_path / "origin")
    source = await service.add_source("catalogue", f"file://{tmp_path / 'origin'}")

    scan = await service.scan(source["id"])

    assert (scan["state"], scan["sha"], scan["ref"], scan["error"]) == (
        "Done",
        sha,
        "main",
        None,
    )
    assert set(EXPECTED_ERRORS) == {f"errors/{name}" for name in ERROR_ACTIONS}
    expected_flat = [error for path in sorted(EXPECTED_ERRORS) for error in EXPECTED_ERRORS[path]]
    assert sorted(as_tuples(scan["errors"])) == sorted(expected_flat)
    actions = await service.actions(source_id=source["id"])
    assert sorted(actions) == sorted(
        [*EXPECTED_ERRORS, "valid/processor", "valid/publisher", "valid/source"]
    )
    for path, errors in EXPECTED_ERRORS.items():
        assert actions[path]["state"] == "Scan Error"
        assert as_tuples(actions[path]["errors"]) == errors
    for kind in ("Processor", "Publisher", "Source"):
        action = actions[f"valid/{kind.lower()}"]
        assert action["state"] == "Scanned"
        assert (action["technical_name"], action["version"], action["kind"]) == (
            f"full-{kind.lower()}",
            "2.1",
            kind,
        )
        assert action["sha"] == sha
        assert action["errors"] == []
        assert [item["type"] for item in action["inputs"]] == IO_TYPES.split()
        assert [item["type"] for item in action["outputs"]] == IO_TYPES.split()
        assert action["inputs"][0] == {
            "name": "in_string", "human_name": "In string", "help": "h", "type": "string",
            "enum_values": [], "default_value": "s", "optional": True,
        }  # fmt: skip
        assert action["resources"] == {
            "cpu": 0.5, "memory_bytes": 512 * 1024**2, "time_seconds": 600.0, "gpu": 1.0
        }  # fmt: skip
        assert action["addons"] == {"http": {"port": 8080}}
        assert action["categories"] == ["demo", "io"]
        assert action["dynamic_outputs"] is (kind == "Source")
        digest = action["content_digest"]
        assert action["source_archive"] == (
            f"s3://{service.settings.s3_bucket}/sources/{service.project_id}/{digest}.tar.gz"
        )
    processor = actions["valid/processor"]
    logo = await service.call("GET", f"/actions/{processor['id']}/logo")
    assert (logo.status_code, logo.headers["content-type"]) == (200, "image/png")
    assert logo.content == png(16, 16)
    missing = await service.call("GET", f"/actions/{actions['valid/publisher']['id']}/logo")
    assert missing.status_code == 404
    key = processor["source_archive"].split("/", 3)[3]
    stored = service.s3().stat_object(service.settings.s3_bucket, key)
    assert stored.size > 0


async def test_scans_a_branch_a_tag_and_a_commit(service: Service, tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    first = one_action_repo(origin, "a", "alpha")
    git(origin, "tag", "v1")
    git(origin, "checkout", "--quiet", "-b", "feature")
    write_action(origin, "b", "Processor", "beta")
    feature = commit_all(origin, "feature")
    git(origin, "checkout", "--quiet", "main")
    write_action(origin, "c", "Publisher", "gamma")
    commit_all(origin, "main")
    source = await service.add_source("refs", f"file://{origin}")

    on_feature = await service.scan(source["id"], "feature")
    on_tag = await service.scan(source["id"], "v1")
    on_sha = await service.scan(source["id"], feature)

    assert (on_feature["state"], on_feature["sha"], on_feature["ref"]) == (
        "Done",
        feature,
        "feature",
    )
    assert (on_tag["sha"], on_tag["ref"]) == (first, "v1")
    assert (on_sha["sha"], on_sha["ref"]) == (feature, feature)
    actions = await service.actions(source_id=source["id"])
    presence = {path: a["present_in_latest_scan"] for path, a in actions.items()}
    assert presence == {"a": True, "b": True}
    scans = await service.ok("GET", f"/sources/{source['id']}/scans")
    assert [s["ref"] for s in scans["items"]] == [feature, "v1", "feature"]


async def test_scans_the_remote_default_branch_when_the_source_names_none(
    service: Service, tmp_path: Path
) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "--quiet", "-b", "master")  # as `git init` makes it on many machines
    git(origin, "config", "user.name", "Flowloom Test")
    git(origin, "config", "user.email", "test@flowloom.invalid")
    write_action(origin, "a", "Processor", "alpha")
    sha = commit_all(origin, "first")
    git(origin, "checkout", "--quiet", "-b", "main")  # a branch named main, not the HEAD
    write_action(origin, "b", "Processor", "beta")
    commit_all(origin, "on main")
    git(origin, "checkout", "--quiet", "master")
    source = await service.add_source("plain", f"file://{origin}")
    assert source["default_branch"] is None  # the remote's HEAD, known after a scan

    scan = await service.scan(source["id"])

    assert (scan["state"], scan["ref"], scan["sha"], scan["error"]) == ("Done", "master", sha, None)
    shown = await service.ok("GET", f"/sources/{source['id']}")
    assert shown["default_branch"] == "master"  # kept: later scans read master
    assert sorted(await service.actions(source_id=source["id"])) == ["a"]
    git(origin, "symbolic-ref", "HEAD", "refs/heads/main")
    again = await service.scan(source["id"])
    assert (again["ref"], again["sha"]) == ("master", sha)


async def test_fails_scan_saying_so_when_the_remote_has_no_default_branch(
    service: Service, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "--quiet", "-b", "master")
    source = await service.add_source("empty", f"file://{empty}")

    scan = await service.scan(source["id"])

    assert scan["state"] == "Failed"
    assert scan["error"] == (
        f"repository file://{empty} has no default branch (HEAD names no commit): "
        "give the source a branch"
    )


async def test_fails_scan_with_message_when_ref_or_repository_is_unknown(
    service: Service, tmp_path: Path
) -> None:
    origin = tmp_path / "origin"
    one_action_repo(origin, "a", "alpha")
    source = await service.add_source("good", f"file://{origin}")
    gone = await service.add_source("gone", f"file://{tmp_path / 'nowhere'}")

    unknown_ref = await service.scan(source["id"], "no-such-branch")
    unreachable = await service.scan(gone["id"])

    assert unknown_ref["state"] == "Failed"
    assert unknown_ref["error"] == (
        f"unknown ref 'no-such-branch' in repository file://{origin}: "
        "no branch, tag or commit has that name."
    )
    assert unreachable["state"] == "Failed"
    assert unreachable["error"].startswith(f"cannot reach repository file://{tmp_path / 'nowhere'}")


async def test_keeps_built_state_and_flags_missing_actions_when_rescanning(
    service: Service, tmp_path: Path
) -> None:
    origin = tmp_path / "origin"
    init_repo(origin)
    write_action(origin, "same", "Processor", "same")
    write_action(origin, "changed", "Processor", "changed")
    write_action(origin, "removed", "Processor", "removed")
    commit_all(origin, "first")
    source = await service.add_source("rescan", f"file://{origin}")
    await service.scan(source["id"])
    before = await service.actions(source_id=source["id"])
    built = {}
    for path in ("same", "changed"):
        build = await service.ok("POST", f"/actions/{before[path]['id']}/builds", 202)
        await service.builder.succeeded(service.project_id, build["id"])
        built[path] = (await service.wait_state(before[path]["id"], "Built"))["artefact"]
    (origin / "changed" / "ryax_handler.py").write_text(
        "def handle(inputs):\n    return {'x': 1}\n"
    )
    git(origin, "rm", "-r", "--quiet", "removed")
    second = commit_all(origin, "second")

    scan = await service.scan(source["id"])

    after = await service.actions(source_id=source["id"])
    assert scan["sha"] == second
    assert (after["same"]["state"], after["same"]["sha"]) == ("Built", second)
    assert (
        after["same"]["artefact"]
        == built["same"]
        == f"s3://artefacts/venv/{build_id(after['same'])}.tar.gz"
    )
    assert after["same"]["content_digest"] == before["same"]["content_digest"]
    assert (after["changed"]["state"], after["changed"]["artefact"]) == ("Scanned", None)
    assert after["changed"]["content_digest"] != before["changed"]["content_digest"]
    assert after["changed"]["published"] is True  # the old build stays published
    assert (after["removed"]["state"], after["removed"]["present_in_latest_scan"]) == (
        "Scanned",
        False,
    )
    assert after["same"]["present_in_latest_scan"] is True
