"""Every API answer checked against the OpenAPI document: its status documented for the operation, its content type
the documented one, its JSON body valid against the documented schema (JSON Schema 2020-12, formats checked)."""
from __future__ import annotations

import re

from jsonschema import Draft202012Validator


class ContractError(AssertionError):
    pass


def _operation(spec: dict, method: str, path: str) -> dict:
    for template, operations in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    raise ContractError(f"{method} {path} is not in the OpenAPI document")


def _resolve(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def check(spec: dict, method: str, path: str, response) -> None:
    """Raise ContractError unless `response` (a Flask test response) is what the document says."""
    operation = _operation(spec, method, path.split("?")[0])
    responses = operation["responses"]
    documented = responses.get(str(response.status_code)) or responses.get("default")
    if documented is None:
        raise ContractError(f"{method} {path}: status {response.status_code} not documented "
                            f"({sorted(responses)})")
    documented = _resolve(spec, documented)
    content = documented.get("content")
    if not content:
        return
    mimetype = response.mimetype
    if mimetype not in content:
        raise ContractError(f"{method} {path}: {response.status_code} answered {mimetype}, documented "
                            f"{sorted(content)}")
    if not mimetype.endswith("json"):
        return
    schema = dict(content[mimetype].get("schema") or {})
    schema["components"] = spec["components"]
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(response.get_json()), key=lambda e: list(e.path))
    if errors:
        raise ContractError(f"{method} {path}: {response.status_code} body breaks the schema: "
                            + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5]))


class Caller:
    """A test client that sends the bearer token and checks every answer against the document."""

    def __init__(self, client, spec: dict, token: str | None):
        self.client, self.spec, self.token = client, spec, token
        self.seen: list[tuple[str, str, int]] = []

    def _headers(self, extra: dict | None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def call(self, method: str, path: str, headers: dict | None = None, **kwargs):
        response = self.client.open(path, method=method, headers=self._headers(headers), **kwargs)
        check(self.spec, method, path, response)
        self.seen.append((method, path, response.status_code))
        return response

    def get(self, path: str, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.call("POST", path, **kwargs)
