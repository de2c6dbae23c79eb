"""The JSON API (/api/v1) and outgoing webhooks: machine access to the cascade for other systems."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """The API blueprints through flask-smorest (which writes the OpenAPI 3.1 document from them), the admin
    pages for clients, and the bearer-token security scheme."""
    from tracker.api.admin import bp as admin_bp
    from tracker.api.framework import api, document_errors
    from tracker.api.routes import duties, imports, reads, tasks

    api.init_app(app, spec_kwargs={
        "info": {"description": "API JSON của tracker: đọc đơn vị, văn bản, kế hoạch, nhiệm vụ, cập nhật, chế độ "
                                "báo cáo, báo cáo kết quả; gửi cập nhật, báo hoàn thành, nộp báo cáo, nhập kế hoạch. "
                                "Xem docs/api.md."},
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": ["read"]}],
    })
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer",
                                                       "description": "Mã truy cập của ứng dụng (quản trị cấp)"})
    for blueprint in (reads.me_bp, reads.units_bp, reads.documents_bp, tasks.bp, duties.bp, imports.bp):
        api.register_blueprint(blueprint)
    document_errors(api.spec)
    app.register_blueprint(admin_bp)
