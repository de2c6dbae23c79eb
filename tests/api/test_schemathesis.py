"""Schemathesis against the live app (in-process WSGI): every operation of the OpenAPI document, a bounded number of
generated requests each, as a client holding every scope; no 500, no answer outside the document (status, content
type, headers, body schema)."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks

from tests.conftest import make_app

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_headers_conformance, checks.response_schema_conformance]
EXAMPLES = 12


def _operations() -> list[tuple[str, str]]:
    """The document's operations, read at collection from an app that needs no database to describe itself."""
    spec = make_app("sqlite://").test_client().get("/api/v1/openapi.json").get_json()
    return [(method.upper(), path) for path, operations in spec["paths"].items() for method in operations
            if method in ("get", "post") and not path.endswith("/pdf")]  # PDF: LibreOffice per call, tested apart


@pytest.fixture
def full_token(app, make_client, monkeypatch):
    # OCR of an uploaded scan runs in the request (a worker thread cannot share the rolled-back transaction).
    monkeypatch.setitem(app.config, "OCR_INLINE", True)
    monkeypatch.setitem(app.config, "OCR_PAGE_TIMEOUT", 5)
    _, token = make_client("vanphong.vikhe", scopes=["read", "write:updates", "write:submissions", "write:plans"])
    return token


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda value: value)
def test_operation_keeps_its_contract(app, method, path, full_token):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]
    headers = {"Authorization": f"Bearer {full_token}"}

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
