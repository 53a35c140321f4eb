"""Where sources may lead, for a platform admin and for a project developer who is not one.

The service's `ada` (developer, not admin) and `admin` (a platform admin) share one project;
LOCAL_ROOTS is the test's tmp_path, which also holds the service's data dir.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flowloom.repository.infrastructure.git.client import GitClient
from flowloom.repository.settings import RepositorySettings
from flowloom.testkit import testing
from flowloom.testkit.tokens import KeySet

from ..git_repos import one_action_repo
from ..https_git import https_repository
from .conftest import open_service
from .service import Service

pytestmark = [pytest.mark.integration, pytest.mark.slow]

INTO_DATA = "leads into the platform's own data, which no source may read"


def repo(root: Path) -> Path:
    one_action_repo(root, "a", "alpha")
    return root


async def refused(service: Service, url: str, *, admin: bool = False) -> str:
    """The 422 problem's message on `url` when adding a source at url."""
    response = await service.call(
        "POST", "/sources", json={"name": "refused", "url": url}, admin=admin
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["field"] == "body.url"
    return str(error["message"])


async def mirror_of_another_project(service: Service, tmp_path: Path) -> Path:
    """A repository the service cached for another project: its git cache now holds one."""
    url = f"file://{repo(tmp_path / 'theirs')}"
    theirs = await service.ok("POST", "/sources", 201, json={"name": "t", "url": url},
                              project="p-theirs")  # fmt: skip
    started = await service.ok(
        "POST", f"/sources/{theirs['id']}/scans", 202, json={}, project="p-theirs"
    )

    async def done() -> bool:
        scan = await service.ok("GET", f"/scans/{started['id']}", project="p-theirs")
        return bool(scan["state"] == "Done")

    await testing.eventually(done, within=60, step=0.05)
    mirror = GitClient(service.settings.data_dir / "git-cache").mirror_path(url)
    assert (mirror / "HEAD").is_file()
    return mirror


async def test_refuses_non_admin_file_source_when_outside_local_roots_but_admits_admin(
    service: Service, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = repo(tmp_path_factory.mktemp("outside") / "origin")

    message = await refused(service, f"file://{outside}")
    by_admin = await service.add_source("admins", f"file://{outside}", admin=True)
    scan = await service.scan(by_admin["id"])  # by ada, with the reach of the admin who set it

    assert message == (
        f"file://{outside} leads to {outside}, outside the directories open to file:// "
        f"sources ({service.tmp_path})"
    )
    assert scan["state"] == "Done", scan
    assert list(await service.actions(source_id=by_admin["id"])) == ["a"]


async def test_admits_non_admin_file_source_when_under_local_roots(
    service: Service, tmp_path: Path
) -> None:
    source = await service.add_source("mine", f"file://{repo(tmp_path / 'origin')}")

    assert (await service.scan(source["id"]))["state"] == "Done"


@pytest.mark.parametrize("admin", [False, True], ids=["developer", "admin"])
async def test_refuses_data_dir_git_cache_and_symlinks_into_them_even_under_local_roots(
    service: Service, tmp_path: Path, admin: bool
) -> None:
    mirror = await mirror_of_another_project(service, tmp_path)
    (tmp_path / "sneaky.git").symlink_to(mirror)
    (tmp_path / "sneaky-data").symlink_to(service.settings.data_dir)

    for url in (
        f"file://{service.settings.data_dir}",
        f"file://{mirror}",
        f"file://{mirror.parent}/../git-cache/{mirror.name}",
        f"file://{tmp_path}/sneaky.git",
        f"file://{tmp_path}/sneaky-data/git-cache/{mirror.name}",
    ):
        assert await refused(service, url, admin=admin) == f"{url} {INTO_DATA}"


async def test_fails_scan_clearly_when_path_becomes_a_symlink_into_data_after_add(
    service: Service, tmp_path: Path
) -> None:
    origin = repo(tmp_path / "origin")
    source = await service.add_source("swapped", f"file://{origin}")
    assert (await service.scan(source["id"]))["state"] == "Done"
    mirror = await mirror_of_another_project(service, tmp_path)
    shutil.rmtree(origin)
    origin.symlink_to(mirror)

    scan = await service.scan(source["id"])

    assert scan["state"] == "Failed"
    assert scan["error"] == f"refused to read the repository: file://{origin} {INTO_DATA}"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://127.0.0.1/x.git", "127.0.0.1 is a loopback address"),
        ("https://127.1/x.git", "host 127.1 resolves to 127.0.0.1, a loopback address"),
        ("https://2130706433/x.git", "host 2130706433 resolves to 127.0.0.1, a loopback address"),
        ("https://[::1]/x.git", "::1 is a loopback address"),
        ("https://[::ffff:127.0.0.1]/x.git", "::ffff:7f00:1 is a loopback address"),
        ("https://169.254.169.254/latest", "169.254.169.254 is a link-local address"),
        ("https://[fe80::1]/x.git", "fe80::1 is a link-local address"),
        ("https://10.0.0.1/x.git", "10.0.0.1 is a private address"),
        ("https://192.168.1.10/x.git", "192.168.1.10 is a private address"),
        ("https://0.0.0.0/x.git", "0.0.0.0 is an unspecified address"),
        ("https://localhost/x.git", "host localhost resolves to 127.0.0.1, a loopback address"),
        ("ssh://git@127.0.0.1/x", "127.0.0.1 is a loopback address"),
        ("git@127.0.0.1:x.git", "127.0.0.1 is a loopback address"),
    ],
)  # fmt: skip
async def test_refuses_non_admin_remote_source_on_non_public_address_but_admits_admin(
    service: Service, url: str, why: str
) -> None:
    message = await refused(service, url)
    added = await service.call("POST", "/sources", json={"name": "n", "url": url}, admin=True)

    assert message.startswith(f"{why}: only platform administrators may add sources"), message
    assert added.status_code == 201, added.text


@pytest.mark.parametrize(
    "url", ["http://example.com/r.git", "git://example.com/r.git", "ext::sh -c id",
            "file://elsewhere/srv/r.git"],
)  # fmt: skip
async def test_refuses_transports_we_do_not_read_even_for_admin(service: Service, url: str) -> None:
    await refused(service, url, admin=True)


async def test_refuses_non_admin_changing_url_to_loopback(service: Service, tmp_path: Path) -> None:
    source = await service.add_source("mine", f"file://{repo(tmp_path / 'origin')}")

    response = await service.call(
        "PATCH", f"/sources/{source['id']}", json={"url": "https://127.0.0.1/x.git"}
    )

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "body.url"
    assert (await service.ok("GET", f"/sources/{source['id']}"))["url"] == source["url"]


async def test_admits_non_admin_on_allow_listed_network_until_the_entry_is_removed(
    settings: RepositorySettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys, origin = KeySet(), repo(tmp_path / "origin")
    allowing = settings.model_copy(update={"allowed_networks": ["127.0.0.0/8", "localhost"]})
    with https_repository(origin, tmp_path / "https", "u", "pw-7a1b") as (url, cert):
        monkeypatch.setenv("GIT_SSL_CAINFO", str(cert))  # git trusts the test certificate
        credentials = {"username": "u", "password": "pw-7a1b"}
        async with open_service(allowing, tmp_path, keys, "p-allow") as service:
            source = await service.add_source("internal", url, credentials=credentials)
            by_name = await service.add_source("by-name", "https://localhost/x.git")
            scanned = await service.scan(source["id"])
        async with open_service(settings, tmp_path, keys, "p-allow") as service:
            rescanned = await service.scan(source["id"])

    assert by_name["url"] == "https://localhost/x.git"
    assert scanned["state"] == "Done", scanned
    assert rescanned["state"] == "Failed"
    assert rescanned["error"].startswith(
        "refused to read the repository: 127.0.0.1 is a loopback address: only platform "
    )
