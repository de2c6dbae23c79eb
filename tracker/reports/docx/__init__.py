"""Word exports: a report (or a plan) rendered into the versioned docxtpl template of its profile, then the body
written from Markdown and the compiled figures. Builders are pure: object in, bytes out."""
from __future__ import annotations

import hashlib
import io
import json
import re
import threading
from collections import OrderedDict
from unicodedata import combining, normalize
from datetime import date
from pathlib import Path
from zipfile import ZIP_STORED, ZipFile

from docxtpl import DocxTemplate
from flask import current_app, has_app_context
from jinja2 import Environment

from tracker.reports.docx.markdown_docx import Writer
from tracker.reports.docx.oxml import add_footnote, keep_with_next, page_numbers_from_second_page

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
# Newest last; a report keeps the template it was finalised with, so re-exporting an old report looks the same.
TEMPLATES = {"state": ["state-nd30-v1"], "party": ["party-hd36-v1"]}
ANCHOR = "\u2063BODY\u2063"
HEADLINE_COLUMNS = [("done_on_time", "Hoàn thành đúng hạn"), ("done_late", "Hoàn thành quá hạn"),
                    ("open_in_time", "Đang thực hiện, trong hạn"), ("open_overdue", "Chưa hoàn thành, quá hạn"),
                    ("request_overdue", "Đề nghị, quá hạn")]
SUBMISSION_COLUMNS = [("expected", "Phải nộp"), ("on_time", "Đúng hạn"), ("late", "Muộn"),
                      ("missing", "Chưa nộp, quá hạn"), ("pending", "Chưa đến hạn")]
SECTIONS = [("I. TÌNH HÌNH TRIỂN KHAI", "deployment_md"), ("II. KẾT QUẢ THỰC HIỆN", "results_md"),
            ("III. ĐÁNH GIÁ CHUNG", "assessment_md"), ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "direction_md"),
            ("V. ĐỀ XUẤT, KIẾN NGHỊ", "proposals_md")]


def current_template(profile: str) -> str:
    return TEMPLATES[profile][-1]


def template_path(name: str) -> Path:
    """An office's adjusted copy in instance/report_templates wins over the shipped file of the same name."""
    if not re.fullmatch(r"[a-z0-9-]+", name or ""):
        raise ValueError(f"bad template name {name!r}")
    if has_app_context():
        override = Path(current_app.instance_path) / "report_templates" / f"{name}.docx"
        if override.is_file():
            return override
    return TEMPLATE_DIR / f"{name}.docx"


def place_date(place: str, day: date | None, year: int) -> str:
    """"Vị Khê, ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 get a leading zero (NĐ 30/2020)."""
    prefix = f"{place}, " if place else ""
    if day is None:
        return f"{prefix}ngày     tháng     năm {year or '     '}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}"


class _CompiledOnce(Environment):
    """docxtpl compiles each XML part of the template on every export; the parts are the same text each time (a
    template's file changes under a new name or path), so each is compiled once."""

    def __init__(self):
        super().__init__(autoescape=True)
        self._compiled: dict[str, object] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - jinja2's signature
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= 32:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


_jinja = threading.local()


_UNZIPPED: dict[tuple, bytes] = {}


def _template_bytes(path: Path) -> bytes:
    """The template re-packed without compression, once per version of its file: python-docx opens it on every
    export, and inflating the parts was a third of that."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    data = _UNZIPPED.get(key)
    if data is None:
        buffer = io.BytesIO()
        with ZipFile(path) as source, ZipFile(buffer, "w", ZIP_STORED) as target:
            for info in source.infolist():
                target.writestr(info.filename, source.read(info), ZIP_STORED)
        data = _UNZIPPED[key] = buffer.getvalue()
    return data


def _render(name: str, context: dict):
    template = DocxTemplate(io.BytesIO(_template_bytes(template_path(name))))
    env = getattr(_jinja, "env", None)
    if env is None:
        env = _jinja.env = _CompiledOnce()
    template.render({k: normalize("NFC", v) if isinstance(v, str) else v for k, v in context.items()}, env,
                    autoescape=True)
    # The rendered document itself, not a save and a re-read of it (the same parts, a fifth of an export's time).
    document = template.docx
    anchor = next((p for p in document.paragraphs if ANCHOR in p.text), None)
    if anchor is None:
        raise ValueError(f"template {name} has no {{{{ body_anchor }}}} paragraph")
    page_numbers_from_second_page(document.sections[0])
    return document, anchor


def _finish(document, anchor) -> bytes:
    before = anchor._p.getprevious()
    if before is not None and before.tag.endswith("}p"):
        keep_with_next(before)  # the closing line goes to the page of the signature, never alone before it
    anchor._p.getparent().remove(anchor._p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _signer_lines(authority: str, position: str) -> list[str]:
    lines = [part.strip() for part in re.split(r"\s+/\s+|\n", authority or "") if part.strip()]
    return lines + ([position.strip()] if position and position.strip() else [])


def _statistics(writer: Writer, document, facts: dict) -> None:
    tasks, submissions = facts.get("tasks"), facts.get("submissions")
    heading = writer.heading("Số liệu tổng hợp", level=3)
    as_of = date.fromisoformat(facts["as_of"])
    period = facts["period"]
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    cut = "ngày chốt số liệu của kỳ báo cáo" if as_of >= end else "trước ngày chốt số liệu của kỳ báo cáo"
    add_footnote(document, heading, f"Số liệu tính đến hết ngày {as_of:%d/%m/%Y}, {cut} (từ {start:%d/%m/%Y} đến "
                                    f"{end:%d/%m/%Y}), theo dữ liệu các đơn vị cập nhật trên hệ thống theo dõi.")
    if not tasks and not submissions:
        writer.text("Kỳ báo cáo này chưa có số liệu nhiệm vụ hoặc báo cáo của cấp dưới trên hệ thống.")
        return
    if tasks:
        header = ["Nhiệm vụ", "Tổng số"] + [label for _, label in HEADLINE_COLUMNS]
        own, below = tasks["own"], tasks["below"]
        rows = [["Của kế hoạch đơn vị", own["total"]] + [own[k] for k, _ in HEADLINE_COLUMNS]]
        if below["total"]:
            rows.append(["Triển khai ở cấp dưới", below["total"]] + [below[k] for k, _ in HEADLINE_COLUMNS])
            rows.append(["Tổng cộng", own["total"] + below["total"]] +
                        [own[k] + below[k] for k, _ in HEADLINE_COLUMNS])
        writer.table(header, rows, widths=[3.5, 1.8, 2.3, 2.3, 2.3, 2.3, 2.0], size=11, bold_last=below["total"] > 0)
    if submissions:
        writer.text("Báo cáo của cơ quan, đơn vị cấp dưới trong kỳ:", indent=True)
        writer.table(["Báo cáo cấp dưới"] + [label for _, label in SUBMISSION_COLUMNS],
                     [["Số lượng"] + [submissions[k] for k, _ in SUBMISSION_COLUMNS]],
                     widths=[3.5, 2.6, 2.6, 2.6, 2.6, 2.6], size=11)


LOCALITY_WORDS = re.compile(r"\s(?=(?:TỈNH|THÀNH PHỐ|PHƯỜNG|XÃ|ĐẶC KHU|HUYỆN|QUẬN|THỊ XÃ)\s)")


NBSP = "\u00a0"


def header_lines(name: str, width: int = 24) -> str:
    """A long issuer name broken before its locality ("ỦY BAN NHÂN DÂN\nPHƯỜNG VỊ KHÊ"), as offices write it; the
    locality is held together (no-break spaces) so a narrow column never splits it ("HÀ / NỘI")."""
    if "\n" in name:
        return name
    parts = LOCALITY_WORDS.split(name, maxsplit=1)
    if len(parts) != 2:
        return name
    head, place = parts[0].strip(), parts[1].strip().replace(" ", NBSP)
    return f"{head}\n{place}" if len(name) > width else f"{head} {place}"


def file_name(kind: str, number_text: str | None, issued_on: date | None, ext: str, *, draft_of: str = "") -> str:
    """"KH-160-UBND-2026-05-13.docx", "BC-45-UBND-2026-06-18.pdf"; a draft: "BC-du-thao-2026-H1-v2.docx"."""
    if number_text:
        digits = re.match(r"\s*(\d+)", number_text)
        rest = re.sub(r"^\s*\d+\s*[-/]\s*", "", number_text)
        issuer = re.sub(rf"^{kind}\s*[-/]\s*", "", rest, flags=re.IGNORECASE)
        parts = [kind, digits.group(1) if digits else "", issuer, issued_on.isoformat() if issued_on else ""]
    else:
        parts = [kind, "du-thao", draft_of]
    ascii_text = "".join(ch for ch in normalize("NFD", "-".join(p for p in parts if p)) if not combining(ch))
    stem = re.sub(r"[^0-9A-Za-z]+", "-", ascii_text.replace("Đ", "D").replace("đ", "d")).strip("-")
    return f"{stem}.{ext}"


def report_context(report) -> dict:
    year = (report.issued_on or date.fromisoformat(report.facts.get("compiled_on") or report.facts["as_of"])).year
    return {"doc_kind": report.doc_kind, "issuer_upper": header_lines(report.issuer_upper), "issuer_name": header_lines(report.issuer_name),
            "number_line": report.number_line, "place_date": place_date(report.place, report.issued_on, year),
            "title": report.title, "body_anchor": ANCHOR, "recipients": _lines(report.recipients_md),
            "signer_lines": _signer_lines(report.signer_authority, report.signer_position),
            "signer_name": report.signer_name}


_BUILT: OrderedDict[str, bytes] = OrderedDict()  # a report's content → its .docx, the newest last
_BUILT_KEEP = 16
_built_lock = threading.Lock()


def build_report_docx(report) -> bytes:
    """The report as a .docx in its profile's template: header, title, sections I–V with the figures' tables,
    the data footnote, page numbers from page 2, signer and Nơi nhận. The same content in the same template
    file gives the file built the first time (a report is downloaded, converted to PDF and downloaded again
    between edits; its text, figures and names are all it is made of)."""
    context = report_context(report)
    key = _content_key(report, context)
    with _built_lock:
        content = _BUILT.get(key)
        if content is not None:
            _BUILT.move_to_end(key)
            return content
    content = _build_report_docx(report, context)
    with _built_lock:
        _BUILT[key] = content
        while len(_BUILT) > _BUILT_KEEP:
            _BUILT.popitem(last=False)
    return content


def _content_key(report, context: dict) -> str:
    """Everything _build_report_docx reads of a report, and which template file, as one digest."""
    path = template_path(report.template_name)
    stat = path.stat()
    parts = [str(path), stat.st_mtime_ns, stat.st_size, context, report.opening_md,
             [getattr(report, field) for _, field in SECTIONS], report.facts, report.unit.name, report.number_text,
             report.issued_on]
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


def _build_report_docx(report, context: dict) -> bytes:
    document, anchor = _render(report.template_name, context)
    writer = Writer(document, anchor)
    writer.markdown(report.opening_md)
    for heading, field in SECTIONS:
        writer.heading(heading)
        writer.markdown(getattr(report, field))
        if field == "results_md":
            _statistics(writer, document, report.facts)
    last = writer.paragraph()
    writer.run(last, f"Trên đây là báo cáo kết quả thực hiện của {report.unit.name}./.")
    _annex(document, report)
    return _finish(document, anchor)


def _annex(document, report) -> None:
    """Long lists after the signature, on a page of their own: PHỤ LỤC with one table per list."""
    annex = (report.facts or {}).get("annex")
    if not annex:
        return
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    writer = Writer(document)
    title = writer.paragraph(align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    title.add_run().add_break(WD_BREAK.PAGE)
    writer.run(title, "PHỤ LỤC", bold=True)
    number = report.number_text or "…"
    issued = f" ngày {report.issued_on:%d/%m/%Y}" if report.issued_on else ""
    writer.text(f"(Kèm theo Báo cáo số {number}{issued} của {report.unit.name})", align=WD_ALIGN_PARAGRAPH.CENTER,
                indent=False)
    tables = (("bodies", "Tình hình ban hành kế hoạch của cơ quan, địa phương cấp dưới", "Kế hoạch đã ban hành"),
              ("reports", "Cơ quan, đơn vị cấp dưới báo cáo muộn hoặc chưa báo cáo", "Tình trạng"))
    for number_, (key, heading, column) in enumerate((t for t in tables if annex.get(t[0])), start=1):
        writer.heading(f"{number_}. {heading}", level=2)
        rows = [[str(i), name, value] for i, (name, value) in enumerate(annex[key], start=1)]
        writer.table(["STT", "Cơ quan, đơn vị", column], rows, widths=[1.2, 7.3, 7.5], size=11)
