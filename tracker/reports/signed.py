"""The signed copy is the record: attach the signed PDF (or the stamped scan) to a finalised report or an issued
plan, after checking its type, size and, where the PDF has text, that it carries the document's number."""
from __future__ import annotations

import io
import re
from datetime import datetime

from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.core.storage import display_name
from tracker.core.timeutil import utcnow
from tracker.core.vntext import nfc
from tracker.duties.models import SubmissionFile
from tracker.duties.services import store_submission_file
from tracker.extensions import db
from tracker.reports.models import SignedCopy

MAX_SIGNED = 10 * 1024 * 1024  # as duty submissions; the app refuses larger requests (413) first


class NumberMismatch(DomainError):
    """The PDF names another document number: uploaded only when the user confirms."""


def store_file(content: bytes) -> SubmissionFile:
    """Keep the bytes where submitted documents are kept (one place to change when files move to a store)."""
    return store_submission_file(content)


def pdf_text(content: bytes, pages: int = 3) -> str:
    """The text of the first pages ("" for a scan, or a PDF that cannot be read)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        return "\n".join((page.extract_text() or "") for page in reader.pages[:pages])
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError):
        return ""


def _numbers(text: str, symbol: str) -> set[str]:
    """Numbers written with the symbol: "45/BC-UBND" or "Số 45-BC/ĐU" -> {"45"}."""
    spaced = r"\s*".join(re.escape(part) for part in re.split(r"\s*", symbol) if part)
    found = re.findall(rf"(\d{{1,6}})\s*[/-]\s*{spaced}", nfc(text), flags=re.IGNORECASE)
    return {n.lstrip("0") or "0" for n in found}


def check_number(content: bytes, number_text: str | None) -> str:
    """A note on what the PDF shows; NumberMismatch when it names the symbol with other numbers only."""
    text = pdf_text(content)
    if not text.strip():
        return "Bản quét (không có lớp chữ): chưa kiểm tra được số văn bản."
    if not number_text:
        return ""
    digits = re.match(r"\s*(\d+)", number_text)
    symbol = re.sub(r"^\s*\d+\s*[/-]?\s*", "", number_text) if number_text[:1].isdigit() else number_text
    found = _numbers(text, symbol)
    mine = digits.group(1).lstrip("0") if digits else ""
    if found and mine not in found:
        shown = ", ".join(sorted(found, key=int))
        raise NumberMismatch(f"Tệp PDF ghi số {shown} (ký hiệu {symbol}), không phải số {number_text}: có thể đây "
                             f"là văn bản khác. Hãy kiểm tra lại tệp, hoặc đánh dấu “Vẫn tải lên” nếu đúng.")
    return "" if found else f"Không thấy số {number_text} trong tệp; hãy kiểm tra lại."


def attach(*, actor, filename: str, content: bytes, report=None, document=None, confirm_mismatch: bool = False,
           now: datetime | None = None) -> SignedCopy:
    """Attach the signed PDF to a finalised report or an issued plan; it becomes the official copy."""
    if (report is None) == (document is None):
        raise ValueError("attach a signed copy to one report or one plan")
    if report is not None and not report.is_final:
        raise DomainError("Chỉ tải bản đã ký lên báo cáo đã hoàn thành (đã có số và ngày).")
    if document is not None and not (document.number_text and document.issued_on):
        raise DomainError("Chỉ tải bản đã ký lên kế hoạch đã ban hành (đã có số và ngày ban hành).")
    name = display_name(nfc(filename or ""), 200)  # a NUL or folder in the name is never stored
    if not content:
        raise DomainError("Tệp tải lên đang trống.")
    if len(content) > MAX_SIGNED:
        raise DomainError(f"Tệp vượt quá {MAX_SIGNED // (1024 * 1024)} MB; hãy quét ở độ phân giải thấp hơn "
                          f"(200–300 dpi).")
    if not content.startswith(b"%PDF-") or not name.lower().endswith(".pdf"):
        raise DomainError("Bản đã ký phải là tệp PDF (bản ký số, hoặc bản giấy có dấu được quét thành PDF).")
    number_text = report.number_text if report is not None else document.number_text
    try:
        note = check_number(content, number_text)
    except NumberMismatch as mismatch:
        if not confirm_mismatch:
            raise
        note = f"Người tải lên xác nhận dù khác số: {mismatch}"
    blob = store_file(content)
    copy = SignedCopy(report_id=report.id if report is not None else None,
                      document_id=document.id if document is not None else None, file_id=blob.id, filename=name,
                      size=len(content), sha256=blob.sha256, note=note, uploaded_at=now or utcnow(),
                      uploaded_by_id=getattr(actor, "id", None))
    db.session.add(copy)
    db.session.flush()
    entity, entity_id = ("report", report.id) if report is not None else ("document", document.id)
    record(actor, "sign", entity, entity_id, f"Tải lên bản đã ký {name} (SHA-256 {blob.sha256[:12]}…)",
           {"signed_copy_id": copy.id, "sha256": blob.sha256, "note": note})
    return copy
