"""API fixtures: clients made through the service (token shown once), bearer headers, and the OpenAPI document
every answer is validated against."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.units.models import Unit, User


@pytest.fixture
def make_client(session):
    """make_client(like="vanphong.vikhe", scopes=("read",)) -> (ApiClient, token)."""
    from tracker.api import services

    admin = session.scalar(select(User).where(User.username == "admin"))

    def _make(like: str = "vanphong.vikhe", role: str | None = None, scopes=("read",), unit: Unit | None = None):
        """A client of the unit of the demo user `like` (or `unit`), with that user's role unless `role` says."""
        person = session.scalar(select(User).where(User.username == like))
        client, token = services.create_client(actor=admin, name=f"Hệ thống của {like}", unit=unit or person.unit,
                                               role=role or person.role, scopes=list(scopes))
        session.commit()
        return client, token
    return _make


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def openapi(app):
    return app.test_client().get("/api/v1/openapi.json").get_json()


@pytest.fixture
def api(client, openapi, make_client):
    """api(like="vanphong.vikhe", scopes=...) -> a Caller with a fresh client's token (answers contract-checked)."""
    from tests.api.contract import Caller

    def _api(like: str = "vanphong.vikhe", scopes=("read",), role: str | None = None, unit=None) -> Caller:
        _, token = make_client(like, role=role, scopes=scopes, unit=unit)
        return Caller(client, openapi, token)
    return _api
