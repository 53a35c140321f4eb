"""Login, tokens, `me`, and the problem details of bad requests — in both modes."""

from __future__ import annotations

import httpx
import pytest

from .conftest import Platform, new_user

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
PROBLEM = "application/problem+json"


def test_answers_healthy_when_started(platform: Platform) -> None:
    with platform.client() as client:
        response = client.get("/api/authorization/healthz")
    assert response.status_code == 200
    ok = {"status": "ok", "detail": None}
    assert response.json() == {"status": "ok", "checks": {"database": ok, "bus": ok}}


def test_returns_profile_when_logged_in_as_generated_admin(platform: Platform) -> None:
    tokens = platform.login()
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    with platform.client(str(tokens["access_token"])) as client:
        response = client.get("/api/authorization/me")
    assert response.status_code == 200
    user = response.json()["user"]
    assert (user["username"], user["is_admin"], user["active"]) == ("admin", True, True)


def test_answers_401_problem_when_token_is_missing_or_forged(platform: Platform) -> None:
    with platform.client() as client:
        missing = client.get("/api/authorization/me")
    with platform.client("eyJhbGciOiJFZERTQSJ9.e30.c2ln") as client:
        forged = client.get("/api/authorization/me")
    for response in (missing, forged):
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["status"] == 401


def test_answers_401_without_leaking_existence_when_credentials_are_wrong(
    platform: Platform,
) -> None:
    with platform.client() as client:
        wrong = client.post(
            "/api/authorization/login", json={"username": "admin", "password": "nope-nope"}
        )
        unknown = client.post(
            "/api/authorization/login", json={"username": "ghost", "password": "nope-nope"}
        )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.headers["content-type"] == PROBLEM
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_answers_422_naming_the_field_when_body_is_malformed_or_incomplete(
    platform: Platform,
) -> None:
    with platform.client() as client:
        malformed = client.post(
            "/api/authorization/login",
            content=b'{"username": "admin", "password": ',
            headers={"content-type": "application/json"},
        )
        incomplete = client.post("/api/authorization/login", json={"username": "admin"})
        wrong_type = client.post(
            "/api/authorization/login", json={"username": "admin", "password": 12}
        )
    assert malformed.status_code == 422
    assert malformed.headers["content-type"] == PROBLEM
    assert [e["field"] for e in malformed.json()["errors"]] == ["body"]
    assert "JSON" in malformed.json()["detail"]
    assert [e["field"] for e in incomplete.json()["errors"]] == ["body.password"]
    assert [e["field"] for e in wrong_type.json()["errors"]] == ["body.password"]


def test_locks_login_with_retry_after_when_failures_repeat(
    platform: Platform, admin: httpx.Client
) -> None:
    username, password = new_user(admin)
    with platform.client() as client:
        statuses = [
            client.post(
                "/api/authorization/login", json={"username": username, "password": "bad-guess"}
            ).status_code
            for _ in range(5)
        ]
        locked = client.post(
            "/api/authorization/login", json={"username": username, "password": password}
        )
    assert statuses == [401] * 5
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) >= 1
    assert locked.headers["content-type"] == PROBLEM


def test_rotates_refresh_token_and_revokes_session_when_reused(platform: Platform) -> None:
    first = platform.login()
    with platform.client() as client:
        rotated = client.post(
            "/api/authorization/tokens/refresh", json={"refresh_token": first["refresh_token"]}
        )
        assert rotated.status_code == 200
        second = rotated.json()
        reused = client.post(
            "/api/authorization/tokens/refresh", json={"refresh_token": first["refresh_token"]}
        )
        after_theft = client.post(
            "/api/authorization/tokens/refresh", json={"refresh_token": second["refresh_token"]}
        )
    assert second["refresh_token"] != first["refresh_token"]
    assert reused.status_code == 401
    assert after_theft.status_code == 401


def test_refuses_refresh_token_when_logged_out(platform: Platform) -> None:
    tokens = platform.login()
    body = {"refresh_token": tokens["refresh_token"]}
    with platform.client() as client:
        assert client.post("/api/authorization/logout", json=body).status_code == 204
        assert client.post("/api/authorization/logout", json=body).status_code == 204
        refused = client.post("/api/authorization/tokens/refresh", json=body)
    assert refused.status_code == 401


def test_serves_jwks_that_verifies_issued_tokens(platform: Platform) -> None:
    import jwt

    token = platform.token()
    with platform.client() as client:
        keys = client.get("/api/authorization/.well-known/jwks.json").json()["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWK(next(k for k in keys if k["kid"] == kid))
    claims = jwt.decode(token, key=key, algorithms=["EdDSA"], audience="flowloom")
    assert claims["username"] == "admin"
    assert claims["is_admin"] is True
    assert "d" not in keys[0], "the private part of a key must never be published"


def test_changes_own_password_when_old_one_is_given(
    platform: Platform, admin: httpx.Client
) -> None:
    username, password = new_user(admin)
    token = platform.token(username, password)
    with platform.client(token) as client:
        wrong = client.put(
            "/api/authorization/me/password",
            json={"old_password": "not-it-at-all", "new_password": "a brand new one"},
        )
        right = client.put(
            "/api/authorization/me/password",
            json={"old_password": password, "new_password": "a brand new one"},
        )
    assert wrong.status_code == 401
    assert right.status_code == 200, right.text
    assert right.json()["refresh_token"]
    with platform.client(right.json()["access_token"]) as client:
        assert client.get("/api/authorization/me").json()["user"]["username"] == username
    assert platform.login(username, "a brand new one")["access_token"]
