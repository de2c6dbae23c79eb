"""Error pages in Vietnamese, including the CSRF failure and the upload size limit."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Dữ liệu gửi lên không hợp lệ."),
    403: ("Không có quyền", "Bạn không có quyền thực hiện thao tác này."),
    404: ("Không tìm thấy", "Trang hoặc dữ liệu bạn tìm không tồn tại, hoặc bạn không có quyền xem."),
    405: ("Không hỗ trợ", "Phương thức không được hỗ trợ cho địa chỉ này."),
    413: ("Tệp quá lớn", "Tệp tải lên vượt quá giới hạn dung lượng cho phép."),
    429: ("Thử quá nhiều lần", "Bạn đã thử đăng nhập sai quá nhiều lần. Vui lòng đợi vài phút rồi thử lại; "
                               "nếu quên mật khẩu, hãy liên hệ quản trị viên."),
    500: ("Lỗi hệ thống", "Đã có lỗi xảy ra. Dữ liệu đã lưu không bị ảnh hưởng; vui lòng thử lại."),
}


def _page(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


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
        from tracker.extensions import db

        db.session.rollback()
        return _page(500)
