"""Property-based fuzzing of every operation in the OpenAPI document (schemathesis), signed in as an
admin by API token: no request, however malformed, may produce a server error (5xx). Bounded: a few
examples per operation, so that the whole run stays well within CI time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from sqlalchemy import Engine, text

from chainatlas.server import create_app
from chainatlas.services.access import accounts
from chainatlas.store.db import engine_for, resolve_url
from security.conftest import copy_of
from services.factories import OPERATOR

FUZZ_USER = "demo-admin"
EXAMPLES = 15  # per operation and mode: 38 operations × 2 modes stay under a minute


class Token:
    """The admin's API token; made again if a fuzzed DELETE /tokens/{id} happened to revoke it."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.secret = engine, ""
        self.renew()

    def renew(self) -> None:
        self.secret, record = accounts.create_token(self.engine, OPERATOR, "fuzz", username=FUZZ_USER)
        self.id = record["id"]

    def header(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            revoked = conn.execute(text("SELECT revoked_at FROM api_tokens WHERE id = :i"), {"i": self.id}).scalar()
        if revoked is not None:
            self.renew()
        return {"Authorization": f"Bearer {self.secret}"}


@pytest.fixture(scope="module")
def fuzzed(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Token]:
    """The app's OpenAPI schema over a copy of the demo database, and the admin's token."""
    db = copy_of(demo_template, tmp_path_factory.mktemp("fuzz"))
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(db)), Token(engine_for(resolve_url(db)))


def server_errors(operation: Any, mode: GenerationMode, token: Token) -> list[str]:
    """Fuzz one operation; the server errors found (hypothesis stops at the first and shrinks it)."""
    found: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        response = case.call(headers=token.header())
        if response.status_code >= 500:
            found.append(f"{operation.label} → {response.status_code}: {case.as_curl_command()}")

    try:
        run()
    except Unsatisfiable:  # nothing to break: no parameters (negative mode), or no request body to vary
        pass
    return found


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_no_request_to_any_operation_produces_a_server_error(fuzzed: tuple[Any, Token], mode: GenerationMode
                                                              ) -> None:
    schema, token = fuzzed
    operations = [result.ok() for result in schema.get_all_operations()]
    documented = sum(len(methods) for methods in schema.raw_schema["paths"].values())
    assert len(operations) == documented  # every operation of the document, not a filtered few
    failures = [f for operation in operations for f in server_errors(operation, mode, token)]
    assert not failures, "\n".join(failures)
