"""The API's frame (flask-smorest): the spec generator, blueprints that authenticate by bearer token only, scopes,
problem+json errors (RFC 9457) in Vietnamese, per-client rate limits, ETags and idempotent writes."""
from __future__ import annotations

import functools
import hashlib
import json
from datetime import timezone

import marshmallow as ma
from flask import Response, current_app, g, request
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.utils import prepare_response
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from tracker.core.exceptions import ConflictError, DomainError
from tracker.extensions import csrf, db, limiter

PROBLEM = "application/problem+json"
TITLES = {
    400: "Yêu cầu không hợp lệ", 401: "Chưa xác thực", 403: "Không có quyền", 404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ", 409: "Xung đột dữ liệu", 412: "Phiên bản đã thay đổi",
    413: "Tệp quá lớn", 415: "Kiểu nội dung không được hỗ trợ", 422: "Dữ liệu không hợp lệ",
    428: "Thiếu điều kiện phiên bản", 429: "Gọi quá nhiều lần", 500: "Lỗi hệ thống",
    503: "Tạm thời gián đoạn",
}
DETAILS = {
    400: "Yêu cầu gửi lên không hợp lệ.",
    401: "Thiếu hoặc sai mã truy cập. Gửi tiêu đề Authorization: Bearer <mã truy cập> của ứng dụng.",
    403: "Ứng dụng không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy dữ liệu, hoặc ứng dụng không có quyền xem.",
    405: "Phương thức không được hỗ trợ cho địa chỉ này.",
    413: "Dữ liệu gửi lên vượt quá giới hạn dung lượng cho phép.",
    415: "Kiểu nội dung gửi lên không được hỗ trợ.",
    422: "Dữ liệu gửi lên không hợp lệ.",
    429: "Ứng dụng đã gọi quá số lần cho phép; hãy đợi rồi thử lại.",
    500: "Đã có lỗi xảy ra. Dữ liệu đã lưu không bị ảnh hưởng; vui lòng thử lại.",
}


class ProblemSchema(ma.Schema):
    """An error (RFC 9457 problem details); `detail` is Vietnamese, `errors` names the bad fields."""

    type = ma.fields.String(required=True, metadata={"example": "about:blank"})
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    instance = ma.fields.String()
    errors = ma.fields.Dict(metadata={"description": "Lỗi theo từng trường (đối số, nội dung)"})


class Problem(HTTPException):
    """Raised anywhere in an API view: answered as application/problem+json."""

    def __init__(self, status: int, detail: str | None = None, *, headers: dict | None = None,
                 errors: dict | None = None):
        super().__init__(description=detail or DETAILS.get(status, ""))
        self.code = status
        self.problem_headers = headers or {}
        self.errors = errors


def problem_response(status: int, detail: str | None = None, *, headers: dict | None = None,
                     errors: dict | None = None) -> Response:
    body = {"type": "about:blank", "title": TITLES.get(status, "Lỗi"), "status": status,
            "detail": detail or DETAILS.get(status, ""), "instance": request.path}
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="tracker"'
    return response


def _as_problem(error: HTTPException) -> Response:
    from tracker.extensions import db as _db

    if isinstance(error, Problem):
        if error.code >= 400 and error.code != 401:  # a refused write keeps nothing (401: nothing was begun)
            _db.session.rollback()
        return problem_response(error.code, error.description, headers=error.problem_headers, errors=error.errors)
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    headers = dict(data.get("headers") or {})
    detail = DETAILS.get(code)
    if code == 422 and errors:
        detail = "Dữ liệu gửi lên không hợp lệ: " + "; ".join(_flatten(errors))
    if code == 429:
        headers.setdefault("Retry-After", "60")
    if code >= 500:
        _db.session.rollback()
    return problem_response(code, detail, headers=headers, errors=errors if isinstance(errors, dict) else None)


# marshmallow's messages, said in Vietnamese in `detail` (the `errors` member keeps them as marshmallow gives them).
VIETNAMESE = [
    (r"Not a valid integer\.", "không phải số nguyên hợp lệ"),
    (r"Not a valid date\.", "không phải ngày hợp lệ (YYYY-MM-DD)"),
    (r"Not a valid datetime\.", "không phải thời điểm hợp lệ (ISO 8601)"),
    (r"Not a valid string\.", "không phải chuỗi ký tự"),
    (r"Not a valid boolean\.", "không phải giá trị đúng/sai"),
    (r"Missing data for required field\.", "thiếu trường bắt buộc"),
    (r"Field may not be null\.", "không được để trống"),
    (r"Unknown field\.", "trường không được hỗ trợ"),
    (r"Must be one of: (.*)\.", r"phải là một trong: \1"),
    (r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\.", r"phải từ \1 đến \2"),
    (r"Must be greater than or equal to (\S+)\.", r"phải từ \1 trở lên"),
    (r"Longer than maximum length (\d+)\.", r"dài quá \1 ký tự"),
    (r"Shorter than minimum length (\d+)\.", r"ngắn hơn \1 ký tự"),
    (r"Length must be between (\d+) and (\d+)\.", r"độ dài phải từ \1 đến \2"),
    (r"Invalid input type\.", "kiểu dữ liệu không hợp lệ"),
    (r"Invalid value\.", "giá trị không hợp lệ"),
]


def _vietnamese(message: str) -> str:
    import re

    for pattern, replacement in VIETNAMESE:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def _flatten(errors, prefix: str = "") -> list[str]:
    out = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            # webargs nests by location ("query", "json", "form", "files"): name the field, not the location
            name = prefix if key in ("query", "json", "form", "files", "headers", "path") else \
                f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, name))
    elif isinstance(errors, list):
        for value in errors:
            out.extend(_flatten(value, prefix))
    else:
        out.append(f"{prefix}: {_vietnamese(str(errors))}" if prefix else _vietnamese(str(errors)))
    return out


class TrackerApi(Api):
    """flask-smorest's Api whose errors are problem+json and stay on the API (the pages keep their own)."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def _register_error_handlers(self):
        """No app-wide handler: each API blueprint answers its own errors (see ApiBlueprint)."""

    def _register_responses(self):
        for status, title in TITLES.items():
            response = {"description": title, "schema": self.ERROR_SCHEMA}
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(f"P{status}", response)
        response = {"description": "Lỗi (problem+json, RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)
        # smorest's own argument validation documents UNPROCESSABLE_ENTITY
        response = {"description": TITLES[422], "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response("UNPROCESSABLE_CONTENT", response, lazy=True)
        self.spec.components.response("UNPROCESSABLE_ENTITY", dict(response), lazy=True)


api = TrackerApi()


def _json_default(value):
    from datetime import date, datetime

    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def json_response(body, status: int = 200, headers: dict | None = None) -> Response:
    """A list page written straight to JSON, bypassing marshmallow's dump (≈0.5 ms a task): for the hot lists,
    whose dictionaries already have the documented shape; the contract tests and Schemathesis hold them to it."""
    response = Response(json.dumps(body, default=_json_default, ensure_ascii=False, separators=(",", ":")),
                        status=status, mimetype="application/json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


# ---- authentication -----------------------------------------------------------------------------------------------

def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def current_client():
    """The API client of the bearer token of this request (cached), or None."""
    header = request.headers.get("Authorization", "")
    if "api_client" in g and g.get("api_client_header") == header:
        return g.api_client
    from tracker.api.models import ApiClient

    client = None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token and len(token) <= 200:
        client = db.session.query(ApiClient).filter(ApiClient.token_hash == hash_token(token),
                                                    ApiClient.revoked_at.is_(None)).one_or_none()
    g.api_client, g.api_client_header = client, header
    return client


def api_user():
    """The principal user the client acts as: every permission predicate takes it as the page's current_user."""
    return g.api_client.user


def _rate_key() -> str:
    client = current_client()
    return f"api-client:{client.id}" if client is not None else f"api-anon:{request.remote_addr}"


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _authenticate() -> None:
    client = current_client()
    if client is None:
        if request.headers.get("Authorization"):
            raise Problem(401, "Mã truy cập không hợp lệ, đã bị thu hồi hoặc đã được đổi.")
        if request.cookies:
            raise Problem(401, "API không chấp nhận phiên đăng nhập (cookie) của trang web; hãy gửi tiêu đề "
                               "Authorization: Bearer <mã truy cập> của ứng dụng.")
        raise Problem(401)
    _touch(client)


def _touch(client) -> None:
    """Remember when the client was last seen (at most once a minute: a GET should not write on every call)."""
    from datetime import timedelta

    from tracker.core.timeutil import utcnow

    now = utcnow()
    if client.last_used_at is None or now - client.last_used_at > timedelta(minutes=1):
        client.last_used_at = now
        db.session.commit()


@SmorestBlueprint.ARGUMENTS_PARSER.location_loader("multipart")
def _load_multipart(req, schema):
    """Form fields and files of one multipart/form-data body, read as one schema (one documented requestBody)."""
    from webargs.multidictproxy import MultiDictProxy
    from werkzeug.datastructures import CombinedMultiDict

    return MultiDictProxy(CombinedMultiDict([req.form, req.files]), schema)


def _refused(status: int, detail: str) -> Response:
    """A service refused: nothing it flushed is kept."""
    db.session.rollback()
    return problem_response(status, detail)


class ApiBlueprint(SmorestBlueprint):
    """An API blueprint: bearer token only (a session cookie is refused, so there is no CSRF surface), rate-limited
    per client, every error answered as problem+json."""

    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**SmorestBlueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
                                             "multipart": "multipart/form-data"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        csrf.exempt(self)
        limiter.limit(_rate_limit, key_func=_rate_key)(self)
        self.before_request(_authenticate)
        self.register_error_handler(HTTPException, _as_problem)
        self.register_error_handler(ConflictError, lambda e: _refused(409, str(e)))
        self.register_error_handler(DomainError, lambda e: _refused(422, str(e)))


def requires(scope: str):
    """The client must hold `scope` (and `read`, needed for everything); documented on the operation."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            granted = g.api_client.scope_set
            if "read" not in granted or scope not in granted:
                raise Problem(403, f"Ứng dụng chưa được cấp phạm vi “{scope}” cho thao tác này.")
            return view(*args, **kwargs)

        return SmorestBlueprint.doc(security=[{"bearerAuth": [scope]}])(wrapper)

    return decorate


# ---- ETags and idempotency ----------------------------------------------------------------------------------------

def if_match_version(etag_of) -> bool:
    """Check If-Match against the object's current ETag; 412 when stale. Returns whether If-Match was sent."""
    header = request.headers.get("If-Match")
    if not header:
        return False
    tags = [t.strip() for t in header.split(",")]
    if "*" not in tags and etag_of not in tags and etag_of.removeprefix("W/") not in tags:
        raise Problem(412, "Dữ liệu đã được thay đổi sau phiên bản bạn có (ETag không khớp). "
                           "Hãy đọc lại rồi gửi lại với ETag mới.", headers={"ETag": etag_of})
    return True


def _request_fingerprint() -> str:
    """What identifies the request, independent of multipart boundaries: method, path, query, JSON or form fields
    and each file's name and SHA-256."""
    parts: dict = {"m": request.method, "p": request.path, "q": sorted(request.args.items(multi=True))}
    if request.is_json:
        parts["j"] = request.get_json(silent=True)
    else:
        parts["f"] = sorted(request.form.items(multi=True))
        files = []
        for name, storage in request.files.items(multi=True):
            data = storage.stream.read()
            storage.stream.seek(0)
            files.append([name, storage.filename or "", hashlib.sha256(data).hexdigest()])
        parts["u"] = sorted(files)
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def write(view):
    """A POST: commit what the view flushed; with an Idempotency-Key, keep the answer in the same transaction so a
    replay returns it again (same key, other request: 422)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        from tracker.api.models import ApiIdempotency

        key = request.headers.get("Idempotency-Key")
        if key is None:
            response = current_app.make_response(view(*args, **kwargs))
            db.session.commit()
            return response
        key = key.strip()
        if not key or len(key) > 200 or not key.isprintable():
            raise Problem(400, "Idempotency-Key phải có từ 1 đến 200 ký tự in được.")
        fingerprint = _request_fingerprint()
        kept = db.session.query(ApiIdempotency).filter_by(client_id=g.api_client.id, key=key).one_or_none()
        if kept is not None:
            if kept.request_hash != fingerprint:
                raise Problem(422, "Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới.")
            replay = Response(kept.body, status=kept.status, mimetype="application/json")
            for name, value in kept.headers.items():
                replay.headers[name] = value
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code < 300:
            headers = {k: v for k, v in response.headers.items() if k in ("ETag", "Location")}
            db.session.add(ApiIdempotency(client_id=g.api_client.id, key=key, request_hash=fingerprint,
                                          status=response.status_code, body=response.get_data(as_text=True),
                                          headers=headers))
        try:
            db.session.commit()
        except IntegrityError as error:  # the same key sent twice at once: the other one wins
            db.session.rollback()
            raise Problem(409, "Một yêu cầu khác với cùng Idempotency-Key đang được xử lý; hãy thử lại sau.") \
                from error
        return response

    return wrapper


IDEMPOTENCY_HEADER = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Khóa do ứng dụng chọn (≤ 200 ký tự): gửi lại cùng yêu cầu với cùng khóa nhận lại đúng kết quả "
                   "lần đầu (tiêu đề Idempotent-Replayed: true); cùng khóa với nội dung khác bị từ chối (422).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200}}


def document_errors(spec) -> None:
    """What every operation may answer besides its own: 401 (token), 403 (scope, predicate), 429 (rate), 404 where
    the path names an object; every POST takes an Idempotency-Key and may answer 409, 412, 413, 415 and 422."""
    for path, operations in spec._paths.items():
        for method, operation in operations.items():
            if method not in ("get", "post"):
                continue
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "429"] + (["404"] if "{" in path else [])
            if method == "post":
                operation.setdefault("parameters", []).append(dict(IDEMPOTENCY_HEADER))
                codes += ["404", "409", "412", "413", "415", "422"]
            for code in codes:
                responses.setdefault(code, {"$ref": f"#/components/responses/P{code}"})
