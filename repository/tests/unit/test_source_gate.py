"""SystemSourceGate on a real directory tree and a stand-in DNS resolver."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowloom.repository.domain.errors import SourceRefused
from flowloom.repository.domain.reach import AllowList
from flowloom.repository.domain.scan import ScanFailed
from flowloom.repository.infrastructure.git.gate import SystemSourceGate

INTO_DATA = "leads into the platform's own data"


class Resolver:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers, self.asked = answers, list[tuple[str, int]]()

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        if host not in self.answers:
            raise OSError("Name or service not known")
        return self.answers[host]


def bare(path: Path) -> Path:
    """Just what makes git (and the gate) take a directory for a repository."""
    (path / "objects" / "info").mkdir(parents=True)
    (path / "refs").mkdir()
    (path / "HEAD").write_text("ref: refs/heads/main\n")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "roots" / "data"
    bare(data / "git-cache" / "other.git")
    return data


def gate(
    tmp_path: Path, data: Path, resolver: Resolver | None = None, allowed: tuple[str, ...] = ()
) -> SystemSourceGate:
    roots = [tmp_path / "roots"]
    return SystemSourceGate([data], roots, AllowList.parse(allowed), resolver or Resolver({}))


async def test_admits_real_path_when_repository_is_reached_through_a_symlink(
    tmp_path: Path, data: Path
) -> None:
    repo = bare(tmp_path / "roots" / "team" / "r.git")
    (tmp_path / "roots" / "link.git").symlink_to(repo)

    admitted = await gate(tmp_path, data).admit(f"file://{tmp_path}/roots/link.git", admin=False)

    assert admitted.fetch_url == f"file://{repo}"


@pytest.mark.parametrize("admin", [True, False])
async def test_refuses_symlink_into_data_dir_for_everyone(
    tmp_path: Path, data: Path, admin: bool
) -> None:
    (tmp_path / "roots" / "link.git").symlink_to(data / "git-cache" / "other.git")

    with pytest.raises(SourceRefused, match=INTO_DATA):
        await gate(tmp_path, data).check(f"file://{tmp_path}/roots/link.git", admin=admin)


@pytest.mark.parametrize(
    "arrange",
    ["alternates", "gitfile", "symlinked objects", "suffix", "link to parent", "commondir"],
)
async def test_refuses_repository_when_git_would_follow_a_link_into_data(
    tmp_path: Path, data: Path, arrange: str
) -> None:
    roots, other = tmp_path / "roots", data / "git-cache" / "other.git"
    repo = roots / "r.git"
    if arrange == "alternates":
        bare(repo)
        (repo / "objects" / "info" / "alternates").write_text(f"# shared\n{other}/objects\n")
    elif arrange == "gitfile":
        repo.mkdir()
        (repo / ".git").write_text(f"gitdir: {other}\n")
    elif arrange == "symlinked objects":
        bare(repo)
        (repo / "objects" / "pack").symlink_to(other / "objects")
    elif arrange == "suffix":  # the URL names r; git tries r.git too
        (roots / "r.git.git").symlink_to(other)
        repo = roots / "r.git"
    elif arrange == "link to parent":
        bare(repo)
        (repo / "objects" / "up").symlink_to(roots)
    else:
        bare(repo)
        (repo / "commondir").write_text(f"{other}\n")

    with pytest.raises(SourceRefused, match=INTO_DATA):
        await gate(tmp_path, data).check(f"file://{repo}", admin=True)


async def test_refuses_non_admin_when_a_link_leaves_the_local_roots(
    tmp_path: Path, data: Path
) -> None:
    outside = bare(tmp_path / "elsewhere.git")
    repo = bare(tmp_path / "roots" / "r.git")
    (repo / "objects" / "info" / "alternates").write_text(f"{outside}/objects\n")

    with pytest.raises(SourceRefused, match=f"leads to {outside}/objects, outside"):
        await gate(tmp_path, data).check(f"file://{repo}", admin=False)
    await gate(tmp_path, data).check(f"file://{repo}", admin=True)


async def test_refuses_non_admin_when_host_name_resolves_to_loopback(
    tmp_path: Path, data: Path
) -> None:
    resolver = Resolver({"git.example": ["93.184.215.14", "127.0.0.1"]})

    with pytest.raises(SourceRefused, match=r"host git\.example resolves to 127\.0\.0\.1"):
        await gate(tmp_path, data, resolver).check("https://git.example/r.git", admin=False)
    assert resolver.asked == [("git.example", 443)]


async def test_pins_checked_addresses_when_host_is_public(tmp_path: Path, data: Path) -> None:
    resolver = Resolver({"git.example": ["2606:4700::1", "93.184.215.14"]})

    admitted = await gate(tmp_path, data, resolver).admit(
        "ssh://git@git.example:2222/r", admin=False
    )

    assert admitted.addresses == ("2606:4700::1", "93.184.215.14")
    assert resolver.asked == [("git.example", 2222)]


async def test_resolves_nothing_when_admin_or_host_allow_listed(tmp_path: Path, data: Path) -> None:
    resolver = Resolver({"git.corp": ["10.0.0.5"]})
    allowing = gate(tmp_path, data, resolver, allowed=("git.corp",))

    by_admin = await gate(tmp_path, data, resolver).admit("https://git.corp/r", admin=True)
    listed = await allowing.admit("https://git.corp/r", admin=False)

    assert (by_admin.addresses, listed.addresses, resolver.asked) == ((), (), [])


async def test_accepts_unresolvable_host_when_set_but_fails_the_read(
    tmp_path: Path, data: Path
) -> None:
    checking = gate(tmp_path, data)

    await checking.check("https://nowhere.invalid/r.git", admin=False)
    with pytest.raises(ScanFailed, match=r"host nowhere\.invalid does not resolve"):
        await checking.admit("https://nowhere.invalid/r.git", admin=False)
