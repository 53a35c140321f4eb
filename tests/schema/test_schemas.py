"""Every service answers what its OpenAPI document says, and never a 5xx for bad input.

Schemathesis generates requests from each service's own document (valid ones and, for
`negative_data_rejection`, invalid ones) and checks every answer against it, stateless (each
operation alone) and stateful (chains following the links it infers: a created id used by the
next call). Bounded and repeatable: few examples per operation, `derandomize`, no deadline.

Checks that are not run, and why:
- `positive_data_acceptance` (a schema-valid request must be accepted): the services check
  more than a JSON Schema can say (a workflow's meaning, a git URL's form and reach, a cron
  expression, a cursor the list handed out, exactly one binding form) and answer those 422
  naming the field, as documented.
- `use_after_free`, `ensure_resource_availability` (stateful): they assume that any id a
  create answered may be used with any later operation; inferred links pair ids across
  resources (a workflow's step id with a copy of the workflow), so a 404 there is right.
- `missing_required_header`, `ignored_auth`: the services take no required header but
  `Authorization`, whose refusal (401) the services' own tests cover per route.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import SERVICES, Services

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]
BOUNDED = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
STATEFUL = settings(BOUNDED, max_examples=6, stateful_step_count=6)
# The operations, read from the merged document `make lint` keeps current (so collecting the
# tests starts no service); each is tested against its service's own document.
MERGED = json.loads((Path(__file__).parents[2] / "sdk" / "openapi.json").read_text())
OPERATIONS = [
    pytest.param(path.split("/")[2], method.upper(), path, id=f"{method.upper()} {path}")
    for path, item in MERGED["paths"].items()
    for method in item
]


@pytest.mark.parametrize(("name", "method", "path"), OPERATIONS)
def test_answers_as_documented(services: Services, name: str, method: str, path: str) -> None:
    service = services.get(name)
    operation = service.schema[path][method]
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @BOUNDED
    @given(case=cases)
    def answers(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=service.headers, checks=CHECKS)

    answers()


@pytest.mark.parametrize("name", [s for s in SERVICES if s != "action-builder"])  # no links
def test_answers_as_documented_in_sequences(services: Services, name: str) -> None:
    service = services.get(name)
    headers = service.headers

    class Sequences(service.schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"headers": headers}

        def validate_response(self, response: Any, case: schemathesis.Case, **_: Any) -> None:
            case.validate_response(response, checks=CHECKS, headers=headers)

    Sequences.run(settings=STATEFUL)
