"""Error pages in Vietnamese, including the CSRF failure and the upload size limit."""
from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Dữ liệu gửi lên không hợp lệ."),
    403: ("Không có quyền", "Bạn không có quyền thực hiện thao tác này."),
    404: ("Không tìm thấy", "Trang hoặc dữ liệu bạn tìm không tồn tại, hoặc bạn không có quyền xem."),
    405: ("Không hỗ trợ", "Phương thức không được hỗ trợ cho địa chỉ này."),
    413: ("Tệp quá lớn", "Tệp tải lên vượt quá giới hạn dung lượng cho phép."),
    429: ("Thử quá nhiều lần", "Bạn đã thử đăng nhập sai quá nhiều lần. Vui lòng đợi vài phút rồi thử lại; "
                               "nếu quên mật khẩu, hãy liên hệ quản trị viên."),
    500: ("Lỗi hệ thống", "Đã có lỗi xảy ra. Dữ liệu đã lưu không bị ảnh hưởng; vui lòng thử lại."),
    503: ("Tạm thời gián đoạn", "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Dữ liệu đã lưu không bị ảnh "
                                "hưởng; vui lòng thử lại sau ít phút."),
}


def _static_page(code: int):
    """A page that touches neither the database nor current_user (the 500 and database-down pages)."""
    title, message = MESSAGES[code]
    # Straight from the Jinja environment: render_template's context processors would load current_user.
    page = current_app.jinja_env.get_template("errors/static.html").render(code=code, title=title, message=message)
    return page, code


def _rollback() -> None:
    from tracker.extensions import db

    try:
        db.session.rollback()
    except DBAPIError:
        db.session.remove()


def _page(code: int, detail: str | None = None):
    from flask import request

    if request.path.startswith("/api/"):  # an address under the API that no API route answers: problem+json
        from tracker.api.framework import problem_response

        return problem_response(code)
    title, message = MESSAGES.get(code, MESSAGES[500])
    try:
        return render_template("errors/error.html", code=code, title=title, message=detail or message), code
    except DBAPIError:  # the menu needs the user from the database, which is down
        _rollback()
        return _static_page(503)


def register(app: Flask) -> None:
    """Attach the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):  # noqa: ANN001
        return _page(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu thiếu mã bảo mật (CSRF). "
                          "Vui lòng tải lại trang và gửi lại.")

    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda error, code=code: _page(code))

    @app.errorhandler(500)
    def server_error(error):  # noqa: ANN001
        _rollback()
        original = getattr(error, "original_exception", None)
        return _static_page(503 if isinstance(original, DBAPIError) else 500)

    def database_unreachable(error):  # noqa: ANN001
        app.logger.error("database unreachable: %s", error)
        _rollback()
        return _static_page(503)

    # Connection refused, server gone, SQLite locked past its timeout: the static page, no query.
    app.register_error_handler(OperationalError, database_unreachable)
    app.register_error_handler(InterfaceError, database_unreachable)
