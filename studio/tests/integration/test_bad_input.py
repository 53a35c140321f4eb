"""Bad input on the studio's routes gets a 422 problem naming what is wrong, never a 500."""

from __future__ import annotations

import httpx
import pytest

from .flows import WORKFLOW_YAML, zip_of
from .service import Studio

pytestmark = pytest.mark.integration
YAML = {"Content-Type": "application/yaml"}
JSON = {"Content-Type": "application/json"}
BEYOND_64_BITS = "18446744073709551616"


def problem_of(response: httpx.Response) -> dict:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    found: dict = response.json()
    return found


def with_character(character: str) -> str:
    """The example workflow with `character` in its description (line 4, column 14)."""
    return WORKFLOW_YAML.replace("description: Every", f"description: E{character}very")


@pytest.mark.parametrize("character", ["\0", "\x1b", "\x7f"])
async def test_refuses_workflow_file_naming_line_when_it_holds_a_control_character(
    studio: Studio, character: str
) -> None:
    text = with_character(character)
    answer = problem_of(await studio.post("/workflows/import", content=text, headers=YAML))
    [error] = answer["errors"]
    assert (error["file"], error["line"]) == ("workflow.yaml", 4)
    assert f"U+{ord(character):04X} at column 15" in error["message"]


async def test_refuses_zipped_workflow_file_when_it_holds_nul(studio: Studio) -> None:
    content = zip_of(with_character("\0"), {})
    headers = {"Content-Type": "application/zip"}
    answer = problem_of(await studio.post("/workflows/import", content=content, headers=headers))
    assert answer["errors"][0]["line"] == 4


async def test_refuses_workflow_file_nested_past_the_recursion_limit(studio: Studio) -> None:
    text = "name: " + "[" * 5000 + "]" * 5000 + "\n"
    answer = problem_of(await studio.post("/workflows/import", content=text, headers=YAML))
    assert "nested too deeply" in answer["errors"][0]["message"]


async def test_refuses_invalid_utf8_json_naming_the_body(studio: Studio) -> None:
    body = b'{"name": "caf\xe9"}'
    answer = problem_of(await studio.post("/workflows", content=body, headers=JSON))
    assert answer["errors"][0]["field"] == "body"
    assert "not UTF-8" in answer["detail"]


async def test_refuses_json_nested_ten_thousand_deep(studio: Studio) -> None:
    body = b'{"type": "string", "value": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    answer = problem_of(await studio.put("/variables/deep", content=body, headers=JSON))
    assert "nested" in answer["errors"][0]["message"]


async def test_refuses_variable_beyond_64_bits_naming_its_value(studio: Studio) -> None:
    body = '{"type": "integer", "value": ' + BEYOND_64_BITS + "}"
    answer = problem_of(await studio.put("/variables/big", content=body, headers=JSON))
    assert answer["errors"][0]["field"] == "body.value"
    assert (await studio.get("/variables")).json()["items"] == []


async def test_refuses_retry_attempts_beyond_64_bits(studio: Studio) -> None:
    workflow = await studio.new_workflow()
    body = '{"id": "s", "action": "a", "retry": {"attempts": ' + BEYOND_64_BITS + "}}"
    answer = problem_of(
        await studio.post(f"/workflows/{workflow['id']}/steps", content=body, headers=JSON)
    )
    assert answer["errors"][0]["field"] == "body.retry.attempts"


@pytest.mark.parametrize("number", [BEYOND_64_BITS, "9223372036854775807", "2147483648", "0"])
async def test_refuses_version_number_out_of_range(studio: Studio, number: str) -> None:
    workflow = await studio.new_workflow()
    answer = problem_of(await studio.get(f"/workflows/{workflow['id']}/versions/{number}"))
    assert answer["errors"][0]["field"] == "path.number"


async def test_refuses_nul_in_a_path_parameter(studio: Studio) -> None:
    answer = problem_of(await studio.get("/workflows/a%00b"))
    assert answer["errors"][0]["field"] == "path.workflow_id"


async def test_refuses_empty_cursor(studio: Studio) -> None:
    answer = problem_of(await studio.get("/workflows", params={"cursor": ""}))
    assert answer["errors"][0]["field"] == "query.cursor"
