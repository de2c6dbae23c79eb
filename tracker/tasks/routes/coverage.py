"""The coverage of an upper plan by its subordinate bodies' plans: page and .xlsx."""
from __future__ import annotations

import io

from flask import abort, render_template, send_file
from flask_login import current_user, login_required

from tracker.core.timeutil import today_vn
from tracker.core.xlsx import MIME as XLSX_MIME
from tracker.permissions import can_view_coverage
from tracker.plans.queries import get_document_or_404
from tracker.tasks.coverage import CELL_LABELS, coverage
from tracker.tasks.coverage_export import build_coverage_xlsx
from tracker.tasks.routes import bp


def _plan(document_id: int):
    document = get_document_or_404(document_id, current_user)
    if document.doc_type != "KH" or not can_view_coverage(current_user, document):
        abort(404)
    return document


@bp.get("/plan/<int:document_id>/coverage")
@login_required
def coverage_page(document_id: int):
    document = _plan(document_id)
    return render_template("tasks/coverage.html", document=document, matrix=coverage(document),
                           labels=CELL_LABELS)


@bp.get("/plan/<int:document_id>/coverage.xlsx")
@login_required
def coverage_xlsx(document_id: int):
    document = _plan(document_id)
    today = today_vn()
    content = build_coverage_xlsx(coverage(document), f"Mức độ cụ thể hóa {document.label} của "
                                  f"{document.issuer_name} (xuất ngày {today:%d/%m/%Y})")
    return send_file(io.BytesIO(content), as_attachment=True, mimetype=XLSX_MIME,
                     download_name=f"bao-quat-ke-hoach-{document.id}-{today:%Y%m%d}.xlsx")
