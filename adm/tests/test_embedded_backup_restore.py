"""Embedded: back up a running platform holding real data, wipe it, restore, find it all again;
and every refusal of `restore`."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import stat
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from minio import Minio

from flowloom.runner.infrastructure.database import migrate as runner_migrations
from flowloom.servicekit.keys import FileKeyRing, read_key_file

from .support import WORKFLOW, User, adm, git_repository, up

pytestmark = [pytest.mark.slow]


PASSPHRASE = "a passphrase for the tests"
SECRET = "project-secret-value-0451"


def restore(archive: Path, data_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`flowloom-adm restore` of `archive` into `data_dir` with `options`, as a user runs it."""
    return adm("restore", str(archive), *options, "--data-dir", str(data_dir))


@dataclass
class Installed:
    data_dir: Path
    archive: Path
    keyless: Path
    passphrase: Path
    secrets: dict[str, str]
    project: str
    workflow_id: str
    run: dict[str, Any]
    content: bytes
    seen: dict[str, Any]
    objects: dict[str, dict[str, str]]
    refused_while_running: str


def objects(data_dir: Path) -> dict[str, dict[str, str]]:
    """Every object of the running installation's buckets: key → sha256."""
    lock = json.loads((data_dir / "adm-up.lock").read_text())
    keys = json.loads((data_dir / "s3-credentials.json").read_text())
    client = Minio(
        lock["s3_url"].removeprefix("http://"),
        access_key=keys["access_key"],
        secret_key=keys["secret_key"],
        secure=False,
    )
    found: dict[str, dict[str, str]] = {}
    for bucket in ("flowloom-sources", "flowloom-artefacts", "flowloom-studio", "flowloom-runs"):
        found[bucket] = {}
        if not client.bucket_exists(bucket):
            continue
        for item in client.list_objects(bucket, recursive=True):
            response = client.get_object(bucket, item.object_name)
            found[bucket][item.object_name] = hashlib.sha256(response.read()).hexdigest()
            response.close()
            response.release_conn()
    return found


def what_the_user_sees(user: User, workflow_id: str, run_id: str) -> dict[str, Any]:
    run = user.call("GET", f"/api/runner/runs/{run_id}")
    execution = run["executions"][0]["id"]
    return {
        "projects": user.call("GET", "/api/authorization/projects"),
        "sources": user.call("GET", "/api/repository/sources"),
        "actions": user.call("GET", "/api/repository/actions"),
        "store": user.call("GET", "/api/studio/actions"),
        "workflow": user.call("GET", f"/api/studio/workflows/{workflow_id}"),
        "variables": user.call("GET", "/api/studio/variables"),
        "run": run,
        "logs": user.call("GET", f"/api/runner/runs/{run_id}/executions/{execution}/logs"),
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A platform that built an action from git, ran a workflow with a file output, and was
    backed up while it ran (a second run started just before)."""
    root = tmp_path_factory.mktemp("embedded")
    data_dir, archive = root / "data", root / "backup.tar.gz"
    keyless, passphrase = root / "keyless.tar.gz", root / "passphrase"
    passphrase.write_text(PASSPHRASE + "\n")
    process, origin = up(data_dir, root / "up.log")
    try:
        user = User(origin, data_dir)
        repo = git_repository(root / "repo")
        source = user.call(
            "POST", "/api/repository/sources", 201, json={"name": "r", "url": f"file://{repo}"}
        )
        scan = user.call("POST", f"/api/repository/sources/{source['id']}/scans", 202, json={})
        assert (
            user.until(f"/api/repository/scans/{scan['id']}", "state", {"Done", "Failed"})["state"]
            == "Done"
        )
        user.call("POST", f"/api/repository/sources/{source['id']}/builds", 202)
        listed = user.call("GET", "/api/repository/actions")["items"]
        built = user.until(f"/api/repository/actions/{listed[0]['id']}", "state", {"Built"})
        assert built["state"] == "Built"
        store = user.until_listed("/api/studio/actions")
        assert [a["technical_name"] for a in store] == ["writer"]
        workflow = user.call("POST", "/api/studio/workflows/import", 201, content=WORKFLOW.encode())
        user.call("PUT", "/api/studio/variables/colour", json={"type": "string", "value": "blue"})
        user.call("PUT", "/api/studio/secrets/token", json={"value": SECRET})
        user.call("POST", f"/api/studio/workflows/{workflow['id']}/deploy", 202)
        deployment = f"/api/studio/workflows/{workflow['id']}/deployment"
        assert user.until(deployment, "state", {"Deployed", "Error"})["state"] == "Deployed"
        runs = f"/api/runner/workflows/{workflow['id']}/runs"
        started = user.call("POST", runs, 201, json={"inputs": {"text": "hello"}})
        run = user.until(f"/api/runner/runs/{started['run_id']}", "state", {"Completed", "Error"})
        assert run["state"] == "Completed", run
        content = user.file(run, "written")
        assert content == b"kept: hello"
        seen = what_the_user_sees(user, workflow["id"], run["id"])
        before = objects(data_dir)
        # Backed up while the platform runs and writes (one more run in flight).
        user.call("POST", runs, 201, json={"inputs": {"text": "in flight"}})
        sealed = ["--passphrase-file", str(passphrase)]
        backed_up = adm("backup", "-o", str(archive), *sealed, "--data-dir", str(data_dir))
        assert backed_up.returncode == 0, backed_up.stderr
        without_keys = adm("backup", "-o", str(keyless), "--data-dir", str(data_dir))
        assert without_keys.returncode == 0, without_keys.stderr
        assert "keys left out" in without_keys.stderr
        refused = restore(archive, data_dir, *sealed, "--force")
        assert refused.returncode == 1
        status = adm("status", "--json", "--data-dir", str(data_dir))
        assert status.returncode == 0, status.stdout + status.stderr
        report = json.loads(status.stdout)
        assert report["services"]["runner"]["object_store"]["objects"] >= 1
        second = adm("up", "--data-dir", str(data_dir), "--port", "1")
        assert second.returncode == 1
        assert "already runs" in second.stderr
        user.close()
    finally:
        assert process.stop() == 0
    return Installed(
        data_dir, archive, keyless, passphrase, secrets_of(data_dir), user.project,
        workflow["id"], run, content, seen, before, refused.stderr,
    )  # fmt: skip


def secrets_of(data_dir: Path) -> dict[str, str]:
    """What must never be in an archive in clear: every key of keys/, the signing private
    key (opened here with the key-encryption key), the admin's password, a project secret."""
    found = {"admin password": (data_dir / "admin-password").read_text().strip()}
    found["project secret"] = SECRET
    for path in (data_dir / "keys").iterdir():
        for number, key in enumerate(read_key_file(path)):
            found[f"{path.name}[{number}]"] = key
    with sqlite3.connect(data_dir / "databases" / "authorization.db") as db:
        sealed = [row[0] for row in db.execute("SELECT sealed_private_key FROM signing_keys")]
    ring = FileKeyRing(data_dir / "keys" / "authorization-key-encryption")
    for number, token in enumerate(sealed):
        pem = ring.open(token.encode()).decode()
        found[f"signing key {number}"] = "".join(pem.strip().splitlines()[1:-1])
    return found


def archive_bytes(archive: Path) -> bytes:
    """Every member's content, uncompressed."""
    with tarfile.open(archive) as tar:
        return b"".join(
            tar.extractfile(info).read()  # type: ignore[union-attr]
            for info in tar.getmembers()
        )


def test_backup_is_private_and_describes_every_part(installed: Installed) -> None:
    assert stat.S_IMODE(installed.archive.stat().st_mode) == 0o600
    with tarfile.open(installed.archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names[-1] == "manifest.json"
    assert manifest["mode"] == "embedded"
    assert manifest["format_version"] == 2
    runner = manifest["services"]["runner"]
    assert runner["database"]["revision"] == runner_migrations.MIGRATIONS.head_revision()
    assert runner["database"]["rows"]["runs"] >= 1
    assert runner["version"] == "0.1.0"
    assert manifest["services"]["action-builder"]["database"]["rows"]["ended_builds"] >= 1
    assert manifest["services"]["repository"]["bucket"]["objects"] >= 1
    assert "files/keys.sealed" in manifest["files"]
    assert not [name for name in names if name.startswith("files/keys/")]
    assert manifest["keys"]["sealed"] is True
    assert len(manifest["keys"]["fingerprints"]["keys/runner-values"]) == 1
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    for bucket, found in installed.objects.items():
        service = next(
            s for s in manifest["services"].values() if (s["bucket"] or {}).get("name") == bucket
        )
        assert service["bucket"]["objects"] >= len(found)


@pytest.mark.parametrize("which", ["archive", "keyless"])
def test_archive_holds_no_key_secret_or_password_in_clear(installed: Installed, which: str) -> None:
    content = archive_bytes(getattr(installed, which))
    assert len(installed.secrets) >= 8  # five key files, the signing key, two passwords
    for name, secret in installed.secrets.items():
        assert secret.encode() not in content, name
        assert secret.encode() not in getattr(installed, which).read_bytes(), name


def test_restores_an_archive_without_keys_only_when_the_keys_are_put_back(
    installed: Installed, tmp_path: Path
) -> None:
    target = tmp_path / "data"
    refused = restore(installed.keyless, target)
    assert refused.returncode == 1
    assert "holds no keys" in refused.stderr
    assert not (target / "databases").exists()
    shutil.copytree(installed.data_dir / "keys", target / "keys")
    restored = restore(installed.keyless, target)
    assert restored.returncode == 0, restored.stderr
    assert sorted(p.name for p in (target / "keys").iterdir()) == sorted(
        p.name for p in (installed.data_dir / "keys").iterdir()
    )


def test_refuses_a_sealed_archive_without_or_with_a_wrong_passphrase(
    installed: Installed, tmp_path: Path
) -> None:
    target = tmp_path / "data"
    missing = restore(installed.archive, target)
    assert missing.returncode == 1
    assert "passphrase" in missing.stderr
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all\n")
    refused = restore(installed.archive, target, "--passphrase-file", str(wrong))
    assert refused.returncode == 1
    assert "wrong backup passphrase" in refused.stderr
    assert not (target / "databases").exists()


def test_refuses_restore_while_up_runs(installed: Installed) -> None:
    assert "flowloom-adm up is running" in installed.refused_while_running
    assert "Traceback" not in installed.refused_while_running


def test_refuses_restore_into_a_non_empty_installation_without_force(
    installed: Installed, tmp_path: Path
) -> None:
    target = tmp_path / "data"
    sealed = ["--passphrase-file", str(installed.passphrase)]
    assert restore(installed.archive, target, *sealed).returncode == 0
    again = restore(installed.archive, target, *sealed)
    assert again.returncode == 1
    assert "is not empty" in again.stderr
    assert "--force" in again.stderr
    forced = restore(installed.archive, target, *sealed, "--force")
    assert forced.returncode == 0, forced.stderr


def rewritten(archive: Path, destination: Path, change: Any) -> Path:
    """A copy of the archive where `change(name, content)` may alter a member's content."""
    with tarfile.open(archive) as source, tarfile.open(destination, "w:gz") as copy:
        for info in source.getmembers():
            content = change(info.name, source.extractfile(info).read())  # type: ignore[union-attr]
            info.size = len(content)
            copy.addfile(info, io.BytesIO(content))
    return destination


def test_refuses_a_corrupted_archive(installed: Installed, tmp_path: Path) -> None:
    def corrupt(name: str, content: bytes) -> bytes:
        return content[:-1] + bytes([content[-1] ^ 1]) if name.startswith("databases/") else content

    archive = rewritten(installed.archive, tmp_path / "corrupt.tar.gz", corrupt)
    refused = restore(archive, tmp_path / "data")
    assert refused.returncode == 1
    assert "checksum" in refused.stderr
    assert not (tmp_path / "data" / "databases").exists()

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(installed.archive.read_bytes()[:2000])
    refused = restore(truncated, tmp_path / "data")
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("version", "99.0.0", "newer than the installed"), ("revision", "9999", "unknown to the")],
)
def test_refuses_an_archive_from_a_newer_version(
    installed: Installed, tmp_path: Path, field: str, value: str, message: str
) -> None:
    def newer(name: str, content: bytes) -> bytes:
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        if field == "version":
            manifest["services"]["studio"]["version"] = value
        else:
            manifest["services"]["studio"]["database"]["revision"] = value
        return json.dumps(manifest).encode()

    archive = rewritten(installed.archive, tmp_path / "newer.tar.gz", newer)
    refused = restore(archive, tmp_path / "data")
    assert refused.returncode == 1
    assert message in refused.stderr
    assert "downgrades are refused" in refused.stderr


def test_restores_runs_results_and_workflows_when_the_data_dir_was_wiped(
    installed: Installed, tmp_path: Path
) -> None:
    shutil.rmtree(installed.data_dir)
    restored = restore(
        installed.archive, installed.data_dir, "--passphrase-file", str(installed.passphrase)
    )
    assert restored.returncode == 0, restored.stderr
    process, origin = up(installed.data_dir, tmp_path / "up.log")
    try:
        user = User(origin, installed.data_dir, installed.project)
        seen = what_the_user_sees(user, installed.workflow_id, installed.run["id"])
        assert seen["run"]["results"] == installed.seen["run"]["results"]
        assert seen["run"]["state"] == "Completed"
        for part in ("sources", "actions", "store", "workflow", "variables", "logs", "projects"):
            assert seen[part] == installed.seen[part], part
        assert user.file(seen["run"], "written") == installed.content
        after = objects(installed.data_dir)
        for bucket, found in installed.objects.items():
            assert found.items() <= after[bucket].items(), bucket
        user.close()
    finally:
        assert process.stop() == 0
