"""The environment cache key: what changes it and what does not."""

from __future__ import annotations

from flowloom.action_builder.domain.cache import EnvironmentKey, normalise_requirements

PY = "cpython-3.11.7@/usr/bin/python3.11"


def digest(requirements: str, python: str = PY, wrapper: str = "w1", project: str = "p1") -> str:
    key = EnvironmentKey.of(project, python, requirements, wrapper)
    assert key is not None
    return key.digest


def test_same_key_when_requirements_differ_only_in_order_comments_spacing_and_spelling() -> None:
    a = "six==1.16.0\nIdna >= 3.0  # for URLs\n"
    b = "# deps\n\nidna>=3.0\n  six==1.16.0\n"
    c = "Six==1.16.0\nIDNA >=  3.0"
    assert digest(a) == digest(b)
    assert normalise_requirements(a) == "idna>=3.0\nsix==1.16.0"
    assert normalise_requirements(c) == normalise_requirements(a)


def test_same_key_when_name_separators_differ() -> None:
    assert digest("typing_extensions==4.12\n") == digest("Typing.Extensions==4.12\n")


def test_same_key_when_a_line_is_continued() -> None:
    assert digest("six==1.16.0 \\\n  ; python_version > '3'\n") == digest(
        "six==1.16.0 ; python_version > '3'"
    )


def test_new_key_when_a_requirement_changes() -> None:
    assert digest("six==1.16.0") != digest("six==1.17.0")
    assert digest("") != digest("six")


def test_new_key_when_python_or_wrapper_changes() -> None:
    assert digest("six", python="cpython-3.12.1@/usr/bin/python3.12") != digest("six")
    assert digest("six", python="cpython-3.11.7@/opt/python3.11") != digest("six")
    assert digest("six", wrapper="w2") != digest("six")


def test_new_key_when_project_changes() -> None:
    """A project's builds may have changed its uv cache: its environments are its own."""
    assert digest("six", project="p2") != digest("six")


def test_empty_and_comment_only_requirements_share_a_key() -> None:
    assert digest("") == digest("# nothing\n\n")


def test_no_key_when_requirements_refer_to_local_files() -> None:
    for requirements in (
        "-r other.txt",
        "-e ./lib",
        "./vendor/pkg.whl",
        "pkg @ file:///tmp/pkg",
        "pkg @ ./pkg",
        "git+https://example.org/repo.git@main",
    ):
        assert EnvironmentKey.of("p1", PY, requirements, "w1") is None, requirements
