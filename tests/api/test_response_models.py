"""Every JSON endpoint of the API declares its response model (so the OpenAPI document describes what it
returns, and nothing undeclared leaves the server); routes take their schemas from the capability's module."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, get_args, get_origin

from fastapi import FastAPI
from fastapi.datastructures import DefaultPlaceholder
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel

from chainatlas.api.app import API_PREFIX
from chainatlas.server import create_app

API_SOURCE = Path(__file__).resolve().parents[2] / "src" / "chainatlas" / "api"


def api_routes(app: FastAPI) -> list[Any]:
    """The app's FastAPI routes with their full paths, included routers resolved."""
    try:
        from fastapi.routing import iter_route_contexts  # FastAPI resolves included routers lazily
    except ImportError:  # older FastAPI: app.routes is already flat
        return [r for r in app.routes if isinstance(r, APIRoute)]
    return [c for c in iter_route_contexts(app.routes) if isinstance(c.original_route, APIRoute)]


def answers_json(route: Any) -> bool:
    """Whether the route's answer is a JSON body (not a file download, not 204 No Content)."""
    if route.status_code == 204:
        return False
    response_class = route.response_class
    if isinstance(response_class, DefaultPlaceholder):
        response_class = response_class.value
    return issubclass(response_class, JSONResponse)


def declares_a_model(route: Any) -> bool:
    """A pydantic model or a list of one: FastAPI takes a bare `-> dict` annotation for a response model too,
    which says nothing."""
    model = route.response_model
    if get_origin(model) is list:
        [model] = get_args(model)
    return isinstance(model, type) and issubclass(model, BaseModel)


def test_every_json_endpoint_has_a_response_model(db: str) -> None:
    routes = [r for r in api_routes(create_app(db)) if r.path.startswith(API_PREFIX + "/")]
    json_routes = [r for r in routes if answers_json(r)]
    assert len(json_routes) >= 30 and {"/api/v1/cultivation", "/api/v1/enterprises/{key}/evaluation"} <= {
        r.path for r in json_routes}  # the walk found the routers' routes, not only the app's own
    untyped = [f"{sorted(r.methods)} {r.path}: {r.response_model}" for r in json_routes if not declares_a_model(r)]
    assert not untyped, "JSON 接口缺少 response_model：\n" + "\n".join(untyped)
    downloads = [r for r in routes if not answers_json(r) and r.status_code != 204]
    assert downloads and all(r.path.endswith((".xlsx", ".csv", ".docx", ".pdf")) for r in downloads), [
        r.path for r in downloads]


def test_the_openapi_document_describes_the_evaluation_responses(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    for path, method, model in (("/api/v1/enterprises/{key}/evaluation", "get", "EvaluationPublic"),
                                ("/api/v1/enterprises/{key}/evaluation", "post", "EvaluationPublic"),
                                ("/api/v1/cultivation", "get", "CultivationReportPublic"),
                                ("/api/v1/tokens/{token_id}", "delete", "TokenRevokedPublic")):
        schema = paths[path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{model}"}, (path, method)


def test_routes_import_schemas_from_the_capability_module() -> None:
    """`chainatlas.api.schemas` gathers the names for convenience; the API's own modules name the capability."""
    wrong = []
    for path in [API_SOURCE / "app.py", *sorted((API_SOURCE / "routes").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "chainatlas.api.schemas":
                wrong.append(f"{path.name}: {', '.join(a.name for a in node.names)}")
    assert not wrong, "\n".join(wrong)
