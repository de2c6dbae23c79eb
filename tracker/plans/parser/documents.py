"""Documents a plan cites: those its opening paragraph implements, and those its text only mentions."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tracker.core.deadlines import parse_vn_date
from tracker.core.docnumber import FoundNumber, find_doc_numbers
from tracker.core.vntext import name_key
from tracker.plans.parser.blocks import Block
from tracker.plans.parser.header import TYPE_WORDS
from tracker.plans.parser.model import CitedDocument
from tracker.plans.parser.units import read_units

_TYPES = "|".join(sorted((re.escape(k) for k in TYPE_WORDS), key=len, reverse=True))
_TYPE_BEFORE = re.compile(rf"(?P<type>{_TYPES})\s+(?:số\s+|số:\s*)?$", re.IGNORECASE)
_BARE_SO = re.compile(r"(?:^|[;:,]\s*)số\s+$", re.IGNORECASE)
_LIST_HEAD = re.compile(rf"(?:các\s+)?(?P<type>{_TYPES})\s+của\s+(?P<issuer>[^:;]{{2,80}}?)\s*:", re.IGNORECASE)
_DATE_AFTER = re.compile(r"^\s*,?\s*(?:ban hành\s+)?ngày\s+(?P<d>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|"
                         r"\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", re.IGNORECASE)
_ISSUER_AFTER = re.compile(r"^\s*,?\s*(?:của|do)\s+(?P<i>[^,;:.()\"“”]+?)(?=\s+(?:về|tại|và|ban hành|V/v|ngày)\s|"
                           r"\s*[,;:.()\"“”]|\s*$)")
_ISSUER_BEFORE = re.compile(r"của\s+(?P<i>[^,;:()\"“”]{2,80}?)\s+tại\s+$")
_TITLE_START = re.compile(r"^\s*,?\s*(?:(?:về việc|về|V/v)\s+[\"“]?|[\"“])", re.IGNORECASE)
_NEXT_REF = re.compile(rf"(?:,|;|\svà)\s+(?:{_TYPES})\s+(?:số\s+)?\d", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.(?=\s+[^\W\d_])")
BASIS = [(re.compile(r"^\W*(?:thực hiện|triển khai|thi hành|quán triệt)\b", re.I), "implementing"),
         (re.compile(r"^\W*căn cứ\b", re.I), "legal_basis"),
         (re.compile(r"^\W*(?:xét đề nghị|theo đề nghị|xét|theo)\b", re.I), "proposal")]
# Issuers and the symbol their documents carry, for spotting a likely typo ("1236/KH-TTTP" of Thanh tra
# Chính phủ, whose symbol is TTCP). Longer names first.
_SYMBOLS = [("thanh tra chính phủ", {"TTCP"}), ("văn phòng chính phủ", {"VPCP"}), ("thủ tướng chính phủ", {"TTG"}),
            ("chính phủ", {"CP"}), ("ủy ban thường vụ quốc hội", {"UBTVQH"}), ("quốc hội", {"QH"}),
            ("văn phòng trung ương", {"VPTW"}), ("bộ chính trị", {"TW"}), ("ban bí thư", {"TW"}),
            ("ban chấp hành trung ương", {"TW"}), ("ban chấp hành đảng bộ tỉnh", {"TU"}),
            ("ban thường vụ tỉnh ủy", {"TU"}), ("tỉnh ủy", {"TU"}), ("ban thường vụ thành ủy", {"TU", "THU"}),
            ("thành ủy", {"TU", "THU"}), ("huyện ủy", {"HU"}), ("ủy ban nhân dân", {"UBND"}), ("ubnd", {"UBND"}),
            ("hội đồng nhân dân", {"HĐND"}), ("hđnd", {"HĐND"})]


@dataclass
class Ref:
    """One written reference: the number and what surrounds it."""

    found: FoundNumber
    doc_type: str
    issued_on: object
    issuer: str | None
    title: str | None
    title_span: tuple[int, int] | None
    line: int


def scan_refs(block: Block, limit: int | None = None) -> list[Ref]:
    """Every document reference in a block's text; titles stop at `limit` (the issuer's own clause)."""
    text = block.text
    refs = []
    for found in find_doc_numbers(text):
        before = text[:found.start]
        typed = _TYPE_BEFORE.search(before[-40:])
        head = _list_head(before) if typed is None and _BARE_SO.search(before[-12:]) else None
        doc_type = (TYPE_WORDS[typed.group("type").lower()] if typed else head[0] if head else
                    _type_code(found) or "CV")
        pos = found.end
        dated = _DATE_AFTER.match(text[pos:])
        issued_on = parse_vn_date(dated.group("d")) if dated else None
        pos += dated.end() if dated else 0
        issuer = None
        by = _ISSUER_AFTER.match(text[pos:])
        if by and by.group("i").strip()[:1].isupper():
            issuer, pos = _issuer_name(by.group("i").strip()), pos + by.end()
            if issued_on is None:
                dated = _DATE_AFTER.match(text[pos:])
                issued_on = parse_vn_date(dated.group("d")) if dated else None
                pos += dated.end() if dated else 0
        elif typed or head:
            back = _ISSUER_BEFORE.search(before[:len(before) - len(typed.group(0)) if typed else len(before)])
            issuer = back.group("i").strip() if back else (head[1] if head else None)
        title, span = _title(text, pos, limit)
        refs.append(Ref(found, doc_type, issued_on, issuer, title, span, block.line_at(found.start)))
    return refs


def _issuer_name(written: str) -> str | None:
    """The issuer after "của": short as written ("Bộ Chính trị khóa XII"); when the phrase runs on
    ("Chính phủ quy định chi tiết ..."), the unit name it starts with."""
    if len(written.split()) <= 6:
        return written
    found, _ = read_units(written)
    if found and found[0].start == 0:
        return found[0].name
    return written if len(written.split()) <= 12 else None


def _type_code(found: FoundNumber) -> str | None:
    code = (found.number.type_code or "").upper()
    return next((v for v in TYPE_WORDS.values() if v.upper() == code), None)


def _list_head(before: str) -> tuple[str, str] | None:
    heads = list(_LIST_HEAD.finditer(before))
    if not heads:
        return None
    last = heads[-1]
    return TYPE_WORDS[last.group("type").lower()], last.group("issuer").strip()


def _title(text: str, pos: int, limit: int | None) -> tuple[str | None, tuple[int, int] | None]:
    opened = _TITLE_START.match(text[pos:])
    if not opened:
        return None, None
    start = pos + opened.end()
    quoted = opened.group(0).rstrip()[-1:] in "\"“"
    ends = [len(text)] + ([limit] if limit and limit > start else [])
    for pattern in ([re.compile(r"[\"”]")] if quoted else []) + [re.compile(";"), _SENTENCE_END, _NEXT_REF]:
        hit = pattern.search(text, start)
        if hit:
            ends.append(hit.start())
    end = min(ends)
    title = re.sub(r"\s*\([^()]*\)$", "", text[start:end].strip().rstrip(",.;: ")).strip().strip("\"“”,.;:").strip()
    title = re.sub(r"^(?:về việc|về|V/v)\s+", "", title, flags=re.IGNORECASE)
    return (title or None), (start, end)


def preamble_refs(blocks: list[Block], indexes: list[int], issuer_starts: dict[int, int]) -> list[tuple[Ref, str]]:
    """(reference, basis) for the opening paragraph(s); a document named inside another's title ("về
    thực hiện Kết luận số 107-KL/TW") is only mentioned and gets basis None."""
    out: list[tuple[Ref, str | None]] = []
    basis = "implementing"
    for index in indexes:
        block = blocks[index]
        limit = issuer_starts.get(index)
        segments = [m.start() for m in re.finditer(";", block.text)] + [len(block.text)]
        refs = scan_refs(block, limit)
        seg_start = 0
        seg_basis = {}
        for seg_end in segments:
            for pattern, name in BASIS:
                if pattern.match(block.text[seg_start:seg_end]):
                    basis = name
                    break
            seg_basis[(seg_start, seg_end)] = basis
            seg_start = seg_end + 1
        spans: list[tuple[int, int]] = []
        for ref in refs:
            nested = any(a <= ref.found.start < b for a, b in spans) or (limit is not None and ref.found.start > limit)
            ref_basis = next(v for (a, b), v in seg_basis.items() if a <= ref.found.start <= b)
            out.append((ref, None if nested else ref_basis))
            if ref.title_span and not nested:
                spans.append(ref.title_span)
    return out


def _edit_distance_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def check_symbol(doc: CitedDocument, number) -> None:
    """Compare the issuer's known symbol with the one written; add a warning (never change the number)."""
    if not doc.issuer_name:
        return
    key = name_key(doc.issuer_name)
    expected = next((codes for name, codes in _SYMBOLS if key.startswith(name_key(name))), None)
    written = unicodedata.normalize("NFKC", number.issuer_code).upper().split("-")[0]
    if expected is None or written in expected:
        return
    listed = ", ".join(sorted(expected))
    close = sorted(e for e in expected if _edit_distance_one(written, e))
    if close:
        suggested = str(number).replace(number.issuer_code.split("-")[0], close[0], 1)
        doc.suggested_number = suggested
        doc.warnings.append(f"Ký hiệu “{doc.written}” có thể viết nhầm: văn bản của {doc.issuer_name} thường mang "
                            f"ký hiệu {listed} (“{suggested}”). Đã giữ nguyên như văn bản, hãy kiểm tra lại.")
    else:
        doc.warnings.append(f"Ký hiệu “{doc.written}” không khớp với cơ quan ban hành “{doc.issuer_name}” "
                            f"(thường là {listed}). Hãy kiểm tra lại số, ký hiệu hoặc cơ quan ban hành.")


def collect_documents(preamble: list[tuple[Ref, str | None]], mentions: list[Ref]) -> list[CitedDocument]:
    """Merge references to the same document (same type, number and issuer symbol, compatible dates):
    implemented documents first, then mentioned ones, each in order of first appearance."""
    docs: list[tuple[CitedDocument, object]] = []
    for ref, basis in [(r, b) for r, b in preamble] + [(r, None) for r in mentions]:
        number = ref.found.number
        key = (ref.doc_type, number.number, unicodedata.normalize("NFKC", number.issuer_code).upper())
        same = next((d for d, k in docs if k == key and (d.issued_on is None or ref.issued_on is None
                                                         or d.issued_on == ref.issued_on)), None)
        if same is None:
            doc = CitedDocument("implements" if basis else "mentions", basis, ref.doc_type, str(number),
                                ref.found.written, number.key, ref.issued_on, ref.issuer, ref.title,
                                (ref.line, ref.line), [ref.line])
            docs.append((doc, key))
            continue
        same.occurrences = sorted(set(same.occurrences) | {ref.line})
        if same.relation == "mentions" and not basis:
            same.lines = (same.occurrences[0], same.occurrences[0])
        if basis and same.relation != "implements":
            same.relation, same.basis, same.lines = "implements", basis, (ref.line, ref.line)
            same.written = ref.found.written
        same.issued_on = same.issued_on or ref.issued_on
        same.issuer_name = same.issuer_name or ref.issuer
        same.title = same.title or ref.title
    ordered = [d for d, _ in docs if d.relation == "implements"] + sorted(
        (d for d, _ in docs if d.relation != "implements"), key=lambda d: d.occurrences[0])
    for doc in ordered:
        check_symbol(doc, next(r.found.number for r in [x for x, _ in preamble] + mentions
                               if r.found.written == doc.written))
    return ordered
