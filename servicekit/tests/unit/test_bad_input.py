"""Bad input gets a 4xx problem naming what is wrong, never a 500: JSON bodies (UTF-8, depth,
64-bit integers, doubles, NaN, NUL), parameters (NUL, 64-bit integers), and the 405's Allow."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
import pytest
from fastapi import FastAPI, Path, Query
from pydantic import BaseModel

from flowloom.servicekit.web.bodies import BodyLimit, install_body_limits
from flowloom.servicekit.web.json_guard import INT64_MAX, MAX_JSON_DEPTH, json_problem, nesting
from flowloom.servicekit.web.problems import install_problem_handlers


class Values(BaseModel):
    values: dict[str, Any] = {}


def example_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/things")
    async def add(body: Values) -> dict[str, int]:
        return {"count": len(body.values)}

    @app.get("/things")
    async def list_things(name: str | None = None) -> list[str]:
        return [name or ""]

    @app.get("/things/{name}/versions/{number}")
    async def version(name: str, number: Annotated[int, Path(ge=1, le=INT64_MAX)]) -> int:
        return number

    @app.delete("/things/{name}")
    async def remove(name: str, after: Annotated[int, Query(le=INT64_MAX)] = 0) -> None:
        return None

    install_body_limits(app, BodyLimit(1024 * 1024, "FLOWLOOM_TEST_JSON_BODY_BYTES"))
    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=example_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def refused(response: httpx.Response, field: str) -> str:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert [error["field"] for error in problem["errors"]] == [field]
    return str(problem["errors"][0]["message"])


async def post(client: httpx.AsyncClient, body: bytes, **headers: str) -> httpx.Response:
    headers = {"Content-Type": "application/json", **headers}
    return await client.post("/things", content=body, headers=headers)


async def test_refuses_body_when_it_is_not_utf8(client: httpx.AsyncClient) -> None:
    message = await refused(await post(client, b'{"values": {"a": "\xff\xfe"}}'), "body")
    assert "not UTF-8" in message
    assert "offset 18" in message


async def test_refuses_body_without_content_type_when_it_is_json_and_not_utf8(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/things", content=b'{"values": "\xc3"}')
    assert "not UTF-8" in await refused(response, "body")


async def test_refuses_body_nested_ten_thousand_deep(client: httpx.AsyncClient) -> None:
    body = b'{"values": {"a": ' + b"[" * 10_000 + b"]" * 10_000 + b"}}"
    message = await refused(await post(client, body), "body")
    assert f"the limit is {MAX_JSON_DEPTH}" in message


async def test_accepts_body_nested_to_the_limit(client: httpx.AsyncClient) -> None:
    depth = MAX_JSON_DEPTH - 2
    body = b'{"values": {"a": ' + b"[" * depth + b"]" * depth + b"}}"
    assert (await post(client, body)).status_code == 200


@pytest.mark.parametrize(
    ("literal", "field", "words"),
    [
        (b"9223372036854775808", "body.values.n", "beyond 64 bits"),
        (b"-9223372036854775809", "body.values.n", "beyond 64 bits"),
        (b"[1, 123456789012345678901234567890]", "body.values.n[1]", "beyond 64 bits"),
        (b"1e400", "body.values.n", "too large for a double"),
        (b"NaN", "body.values.n", "NaN is not a JSON number"),
        (b"-Infinity", "body.values.n", "-Infinity is not a JSON number"),
        (b'"a\\u0000b"', "body.values.n", "NUL"),
    ],
)
async def test_refuses_value_naming_its_field(
    client: httpx.AsyncClient, literal: bytes, field: str, words: str
) -> None:
    response = await post(client, b'{"values": {"n": ' + literal + b"}}")
    assert words in await refused(response, field)


async def test_accepts_64_bit_extremes_and_an_escaped_backslash_before_u0000(
    client: httpx.AsyncClient,
) -> None:
    body = (
        b'{"values": {"max": 9223372036854775807, "min": -9223372036854775808, "t": "\\\\u0000"}}'
    )
    assert (await post(client, body)).json() == {"count": 3}


async def test_refuses_path_parameter_beyond_64_bits(client: httpx.AsyncClient) -> None:
    response = await client.get("/things/a/versions/99999999999999999999")
    assert "less than or equal to 9223372036854775807" in await refused(response, "path.number")


@pytest.mark.parametrize(
    ("method", "url", "field"),
    [
        ("GET", "/things/a%00b/versions/1", "path.name"),
        ("DELETE", "/things/a%00", "path.name"),
        ("GET", "/things?name=%00", "query.name"),
    ],
)
async def test_refuses_parameter_holding_nul(
    client: httpx.AsyncClient, method: str, url: str, field: str
) -> None:
    response = await client.request(method, url)
    assert "NUL" in await refused(response, field)


async def test_ignores_nul_in_a_query_parameter_the_route_does_not_take(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.delete("/things/a?unknown=%00")).status_code == 200


async def test_names_every_method_of_the_path_in_allow(client: httpx.AsyncClient) -> None:
    response = await client.put("/things/a")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["allow"] == "DELETE"
    response = await client.patch("/things")
    assert set(response.headers["allow"].split(", ")) == {"GET", "POST"}


def test_documents_problem_answers_on_every_operation() -> None:
    document = example_app().openapi()
    post_things = document["paths"]["/things"]["post"]["responses"]
    assert set(post_things) == {"200", "401", "403", "413", "422", "500", "503"}
    versions = document["paths"]["/things/{name}/versions/{number}"]["get"]
    assert {"404", "422"} <= set(versions["responses"])
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    assert all(
        answer["content"] == problem
        for item in document["paths"].values()
        for operation in item.values()
        for status, answer in operation["responses"].items()
        if status[0] in "45"
    )
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert schemas["Problem"]["required"] == ["type", "title", "status", "detail"]
    number = next(p for p in versions["parameters"] if p["name"] == "number")
    assert number["schema"]["maximum"] == INT64_MAX


def test_measures_nesting_without_counting_brackets_inside_strings() -> None:
    assert nesting(b'{"a": "[[[\\"{{{", "b": [[1]]}') == 3
    assert nesting(b"[]" * 100_000) == 1
    assert json_problem(b"not json at all \x00") is None  # left to the parser (422)
