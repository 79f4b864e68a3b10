"""The one error shape of the API, pinned: {"error": {"code", "message", "details"}} for every error."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from chainatlas.domain.errors import ChainAtlasError


def assert_error_shape(body: Any, code: str) -> dict[str, Any]:
    """Exactly one key `error` holding exactly code, message (Chinese) and details (a list)."""
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), "the message is Chinese"
    assert isinstance(error["details"], list)
    return error


def test_unknown_api_route_is_a_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert_error_shape(response.json(), "not_found")


def test_a_service_not_found_keeps_its_message(client: TestClient) -> None:
    response = client.get("/api/v1/chains/no-such-chain/map")
    assert response.status_code == 404
    error = assert_error_shape(response.json(), "not_found")
    assert "no-such-chain" in error["message"] and "lithium-battery" in error["message"]


def test_validation_errors_are_422_and_name_every_field(client: TestClient) -> None:
    response = client.get("/api/v1/enterprises", params={"limit": 500, "region": "4301", "size": "huge"})
    assert response.status_code == 422
    error = assert_error_shape(response.json(), "validation_error")
    fields = {d["field"] for d in error["details"]}
    assert fields == {"query.limit", "query.region", "query.size"}
    for detail in error["details"]:
        assert set(detail) == {"field", "message", "type"} and detail["message"]
    assert "query.limit" in error["message"] and "200" in error["message"]


def test_a_bad_json_body_names_the_body_field(client: TestClient, seeded: object) -> None:
    response = client.post("/api/v1/placements/1/decision", json={"decision": "maybe"})
    assert response.status_code == 422
    error = assert_error_shape(response.json(), "validation_error")
    assert [d["field"] for d in error["details"]] == ["body.decision"]


def test_wrong_method_is_405_in_the_error_shape(client: TestClient) -> None:
    response = client.delete("/api/v1/chains")
    assert response.status_code == 405
    assert_error_shape(response.json(), "method_not_allowed")


def test_chainatlas_errors_map_through_their_http_status(client: TestClient) -> None:
    class Teapot(ChainAtlasError):
        http_status = 418

    def fail() -> None:
        raise Teapot("这是一个测试错误")

    client.app.add_api_route("/api/v1/test-teapot", fail)  # type: ignore[attr-defined]
    response = client.get("/api/v1/test-teapot")
    assert response.status_code == 418
    assert assert_error_shape(response.json(), "bad_request")["message"] == "这是一个测试错误"


def test_unexpected_errors_are_500_without_internals(client: TestClient) -> None:
    def crash() -> None:
        raise RuntimeError("secret internal detail")

    client.app.add_api_route("/api/v1/test-crash", crash)  # type: ignore[attr-defined]
    response = client.get("/api/v1/test-crash")
    assert response.status_code == 500
    error = assert_error_shape(response.json(), "internal_error")
    assert "secret" not in response.text and error["details"] == []


def test_pages_answer_errors_with_an_html_page(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "请求的资源不存在" in response.text


def test_openapi_document_lists_the_api_and_its_error_shape(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = set(doc["paths"])
    assert {"/api/v1/overview", "/api/v1/chains/{chain_id}/map", "/api/v1/chains/{chain_id}/gaps",
            "/api/v1/enterprises", "/api/v1/enterprises/{key}", "/api/v1/imports"} <= paths
    assert all(p.startswith("/api/v1/") for p in paths), "pages stay out of the API document"
    assert "ErrorPublic" in doc["components"]["schemas"]
    assert doc["paths"]["/api/v1/enterprises"]["get"]["responses"]["422"]["content"]["application/json"]["schema"]
