"""The plan's own document data from its first lines: number, place and date, type, title, issuer."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.core.docnumber import try_parse_doc_number
from tracker.core.vntext import fold, name_key
from tracker.plans.parser.blocks import Block
from tracker.plans.parser.headcells import compose_issuer, header_cells, is_motto
from tracker.plans.parser.model import Metadata
from tracker.plans.parser.units import read_units

TYPE_WORDS = {"kết luận": "KL", "chỉ thị": "CT", "nghị quyết": "NQ", "quyết định": "QĐ", "quy định": "QĐi",
              "kế hoạch": "KH", "hướng dẫn": "HD", "công văn": "CV", "văn bản": "CV", "báo cáo": "BC",
              "thông báo": "TB", "đề án": "ĐA", "chương trình": "CTr", "nghị định": "NĐ", "thông tư": "TT",
              "luật": "L", "tờ trình": "TTr", "quy chế": "QC", "công điện": "CĐ", "phương án": "PA",
              "thông tri": "TTr", "chương trình hành động": "CTr", "chương trình công tác": "CTr"}
_TYPE_BY_FOLD = {fold(k): v for k, v in TYPE_WORDS.items() if k not in ("văn bản", "luật", "báo cáo")}
NUMBER_LINE = re.compile(r"^(?:Số|SỐ|số)\b\s*:?\s*(?P<n>.*)$")
_DATE_LINE = re.compile(r"^(?P<place>[^,\d]{2,60}?)\s*,\s*ngày\b(?P<rest>.*)$", re.IGNORECASE)
_DATE_PARTS = re.compile(r"^\s*(?P<d>\d{1,2})?[\s.…/_-]*tháng\s*(?P<m>\d{1,2})?[\s.…/_-]*năm\s*(?P<y>\d{4})",
                         re.IGNORECASE)
PREAMBLE_START = re.compile(r"^(?:Thực hiện|Căn cứ|Xét|Theo|Triển khai|Để|Nhằm|Tiếp tục|Quán triệt|Trên cơ sở|"
                            r"Thi hành|Nhằm)\b")
ISSUER_CLAUSE = re.compile(r"(?:^|[,;.:)]\s*)(?P<name>[^,;.:()]{3,120}?)\s+(?:xây dựng|ban hành|triển khai|"
                            r"tổ chức thực hiện|thực hiện)\s+(?:Kế hoạch|kế hoạch|Chương trình|chương trình)")
_LEVEL_WORDS = ("tỉnh", "thành phố", "phường", "xã", "huyện", "quận", "thị xã", "thị trấn", "đặc khu")
_PROPER = {"ủy ban nhân dân": "Ủy ban nhân dân", "hội đồng nhân dân": "Hội đồng nhân dân",
           "mặt trận tổ quốc": "Mặt trận Tổ quốc", "việt nam": "Việt Nam", "tỉnh ủy": "Tỉnh ủy",
           "thành ủy": "Thành ủy", "huyện ủy": "Huyện ủy", "đảng ủy": "Đảng ủy",
           "ban thường vụ": "Ban Thường vụ", "ban chấp hành": "Ban Chấp hành", "trung ương": "Trung ương",
           "ban thường trực": "Ban Thường trực", "ủy ban mttq": "Ủy ban MTTQ", "uỷ ban mttq": "Uỷ ban MTTQ",
           "ủy ban mặt trận": "Ủy ban Mặt trận", "uỷ ban mặt trận": "Uỷ ban Mặt trận", "quốc hội": "Quốc hội",
           "chính phủ": "Chính phủ", "công thương": "Công Thương", "theo quyết định": "theo Quyết định",
           "đảng uỷ": "Đảng uỷ", "tỉnh uỷ": "Tỉnh uỷ", "thành uỷ": "Thành uỷ", "huyện uỷ": "Huyện uỷ"}


@dataclass
class Header:
    """Metadata read so far, where the body starts, and the opening (preamble) blocks."""

    metadata: Metadata
    body_start: int
    preamble: list[int] = field(default_factory=list)
    type_block: int | None = None
    addressee: str | None = None  # the one body after "Kính gửi:", when there is one


_NAMED_AFTER = ("sở", "ban", "phòng", "bộ", "cục", "vụ", "trung tâm", "hội", "báo", "đài")


def proper_case(upper: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH" -> "Ủy ban nhân dân tỉnh Hà Tĩnh": a place name after a level word
    and the first word of a body's own name ("SỞ TƯ PHÁP" -> "Sở Tư pháp") keep their capitals."""
    words = upper.lower().split()
    out, place, named = [], False, False
    for i, word in enumerate(words):
        before, nxt = (words[i - 1] if i else ""), (words[i + 1] if i + 1 < len(words) else "")
        pair = f"{before} {word}"
        level = (word in ("tỉnh", "phường", "xã", "huyện", "quận") and nxt not in ("ủy", "uỷ", "đoàn")
                 or f"{word} {nxt}" in _LEVEL_WORDS or pair in _LEVEL_WORDS)
        party = word in ("ủy", "uỷ") and before in ("tỉnh", "thành", "huyện", "quận", "thị", "đảng")
        if any(ch.isdigit() for ch in word):
            out.append(upper.split()[i])  # a number ("1050/QĐ-SCT") keeps its capitals
        elif word in ("ubnd", "hđnd", "mttq", "ub", "ct-xh"):
            out.append(word.upper())
        elif i and words[0] in ("bộ", "sở") and (before in ("và", "-", "–") or before.endswith(",")):
            out.append(word[:1].upper() + word[1:])  # "Bộ Văn hóa, Thể thao và Du lịch"
        elif (level and i) or not (place or named or i == 0 or party):
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
        named = word in _NAMED_AFTER and not place
        place = place or (level and (pair in _LEVEL_WORDS or " " not in pair.strip() or
                                     f"{word} {nxt}" not in _LEVEL_WORDS)) or party
    text = " ".join(out)
    for lower, proper in _PROPER.items():
        text = re.sub(rf"(?i)\b{lower}\b", proper, text)
    return text


def _header_cells(blocks: list[Block], limit: int) -> list[tuple[str, int, int]]:
    """(cell, line, block index) of every header cell before `limit`, in reading order."""
    return [(cell, line, index) for index, block in enumerate(blocks[:limit]) if block.kind != "rule"
            for cell, line in header_cells(block.raw, block.lines)]


def _number_at(cells: list, at: int) -> tuple[object, int] | None:
    """The document number of a "Số" cell, also when the number is on the next cell ("Số:" / "160/KH-UBND")
    or cut after its digits ("Số: 2569" / "/KH-BNN-TTr"); returns (number, cells used)."""
    written = NUMBER_LINE.match(cells[at][0]).group("n").strip()
    following = cells[at + 1][0] if at + 1 < len(cells) else ""
    candidates = [(written, 1)]
    if following and (not written or re.fullmatch(r"\d{1,6}\s*[-/]?", written)):
        candidates.insert(0, (f"{written}{following}" if written else following, 2))
        third = cells[at + 2][0] if at + 2 < len(cells) else ""
        if not written and re.fullmatch(r"\d{1,6}", following) and third.startswith("/"):
            candidates.insert(0, (f"{following}{third}", 3))  # "Số:   4390     /UBND-NLN": a typed-in field
    for text, used in candidates:
        parsed = try_parse_doc_number(text) or try_parse_doc_number(re.sub(r"\s+", "", text))
        if parsed is not None:
            return parsed, used
    return None


def parse_header(blocks: list[Block]) -> Header:
    """Read the header region (before the first Roman section, or the first list item without one)."""
    meta = Metadata()
    roman = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.style == "roman"), None)
    limit = roman if roman is not None else len(blocks)
    type_at, issuer_parts = None, []
    cells = _header_cells(blocks, limit)
    skip, late = 0, False
    for at, (cell, line, index) in enumerate(cells):
        if skip:
            skip -= 1
            continue
        key = fold(cell)
        if is_motto(cell) or cell in ("*", "***"):
            continue
        if type_at is None and _RECIPIENTS.search(cell):
            break  # a letter's header ends at "Kính gửi": a type line after it heads an attached paper
        number = NUMBER_LINE.match(cell)
        if number and issuer_parts and fold(issuer_parts[-1][0]).endswith(("quyet dinh", "theo")) \
                and cell.upper() == cell:
            issuer_parts.append((cell, line))  # "ĐOÀN KIỂM TRA / THEO QUYẾT ĐỊNH / SỐ 1050/QĐ-SCT"
            continue
        if number and meta.number is None and (type_at is None or late):
            found = _number_at(cells, at)
            if found is not None:
                parsed, used = found
                meta.number, meta.number_value, meta.number_key = str(parsed), parsed.number, parsed.key
                meta.source_lines["number"] = (line, cells[at + used - 1][1])
                skip = used - 1
                continue
        dated = _DATE_LINE.match(cell)
        if dated and meta.issued_year is None:
            parts = _DATE_PARTS.match(dated.group("rest"))
            if parts is None and at + 1 < len(cells):
                parts = _DATE_PARTS.match(f"{dated.group('rest')} {cells[at + 1][0]}")
                skip = 1 if parts else 0
            if parts:
                _set_date(meta, dated.group("place"), parts, line)
                continue
        if type_at is None and key in _TYPE_BY_FOLD and cell.upper() == cell:
            meta.doc_type, type_at = _TYPE_BY_FOLD[key], index
            meta.source_lines["doc_type"] = (line, line)
            block = blocks[index]
            rest = title_lines([(r, n) for r, n in zip(block.raw, block.lines) if n > line])
            if rest:
                meta.title = " ".join(r for r, _ in rest)
                meta.source_lines["title"] = (rest[0][1], rest[-1][1])
            late = meta.number is None and not issuer_parts and any(NUMBER_LINE.match(c) for c, _, _ in
                                                                     cells[at + 1:at + 25])
            if not late:
                break
            continue
        if late and ((index > type_at + 1 and PREAMBLE_START.match(cell)) or (meta.number and meta.issued_year)):
            break  # a title line put before the header (a portal copy): the header came after it
        if (type_at is None or late) and meta.number is None and cell.upper() == cell \
                and any(ch.isalpha() for ch in cell):
            issuer_parts.append((cell, line))
    header = Header(meta, limit, type_block=type_at)
    if type_at is None and meta.title is None:
        _read_subject(meta, cells)
    header.addressee = _addressee(cells)
    after = _read_title(blocks, header, type_at, limit)
    header.preamble = [i for i in range(after, limit) if blocks[i].kind == "para"]
    if roman is None:
        start = _after_recipients(blocks, after, limit)
        first_item = next((i for i in range(start, len(blocks)) if blocks[i].kind in ("heading", "item")), len(blocks))
        header.preamble = [i for i in range(after, first_item) if blocks[i].kind == "para"
                           and PREAMBLE_START.match(blocks[i].text)]
        header.body_start = header.preamble[-1] + 1 if header.preamble else after
    _set_issuer(meta, blocks, header, issuer_parts)
    return header


_SUBJECT = re.compile(r"^V/[Vv]\b\.?\s*:?\s*")
_RECIPIENTS = re.compile(r"(?i)\bKính gửi\s*:")


def _read_subject(meta: Metadata, cells: list) -> None:
    """A công văn's trích yếu: "V/v …" under the number, over one or more lines, up to "Kính gửi"."""
    start = next((at for at, (cell, _, _) in enumerate(cells) if _SUBJECT.match(cell)), None)
    if start is None:
        _read_plain_subject(meta, cells)
        return
    parts = []
    for cell, line, _ in cells[start:start + 10]:
        if parts and (_RECIPIENTS.search(cell) or PREAMBLE_START.match(cell) or _SUBJECT.match(cell)
                      or cell.upper() == cell and any(ch.isalpha() for ch in cell)):
            break
        if parts and (NUMBER_LINE.match(cell) or _DATE_LINE.match(cell) or cell.startswith("/")):
            continue  # the right-hand column's number or date, read between the subject's lines
        if not parts:
            # a text box read twice, glued to the next cell: "V/v X…V/v X…Số:"
            cell = re.split(r"(?<=\S)(?:V/[Vv]\b|Số\s*:)", _SUBJECT.sub("", cell))[0]
        if cell.strip("#* "):
            parts.append((cell, line))
    text = " ".join(c for c, _ in parts).strip()
    if text:
        meta.title = text
        meta.source_lines["title"] = (parts[0][1], parts[-1][1])


def _read_plain_subject(meta: Metadata, cells: list) -> None:
    """A letter whose trích yếu has no "V/v" (a party committee's công văn): the sentence-case lines right
    under the number cell, up to the motto, the date or "Kính gửi"; only in a letter (one with "Kính gửi")."""
    if "number" not in meta.source_lines or not any(_RECIPIENTS.search(c) for c, _, _ in cells):
        return
    number_line = meta.source_lines["number"][1]
    start = next((at for at, (_, line, _) in enumerate(cells) if line > number_line), None)
    parts = []
    for cell, line, _ in cells[start:start + 6] if start is not None else []:
        if (is_motto(cell) or cell in ("*", "***") or _RECIPIENTS.search(cell) or _DATE_LINE.match(cell)
                or NUMBER_LINE.match(cell) or PREAMBLE_START.match(cell) or cell.upper() == cell
                or not cell[:1].isupper() and not parts and not cell.startswith("(")):
            break
        parts.append((cell, line))
    text = " ".join(c for c, _ in parts).strip()
    if text and len(text) <= 300:
        meta.title = text
        meta.source_lines["title"] = (parts[0][1], parts[-1][1])


def _addressee(cells: list) -> str | None:
    """ "Kính gửi: Công ty cổ phần … (Địa chỉ: …)": the one addressee's name; None for a list or none."""
    for cell, _, _ in cells:
        found = _RECIPIENTS.search(cell)
        if found:
            name = re.split(r"\s*[(;]", cell[found.end():].strip(), maxsplit=1)[0].strip(" .,")
            return name if len(name.split()) >= 2 else None
    return None


def _after_recipients(blocks: list[Block], start: int, limit: int) -> int:
    """The block after a "Kính gửi:" recipient list (its bullets are addressees, not tasks)."""
    for index in range(start, min(limit, len(blocks))):
        if _RECIPIENTS.search(blocks[index].text):
            index += 1
            while index < len(blocks) and blocks[index].kind == "item" and blocks[index].style == "bullet" \
                    and len(blocks[index].text) < 160:
                index += 1
            return index
        if blocks[index].kind in ("heading", "item") and blocks[index].style != "bullet":
            break
    return start


def _set_date(meta: Metadata, place: str, parts: re.Match, line: int) -> None:
    meta.place = place.strip()
    meta.issued_year = int(parts.group("y"))
    meta.issued_month = int(parts.group("m")) if parts.group("m") else None
    if parts.group("d") and meta.issued_month:
        try:
            meta.issued_on = date(meta.issued_year, meta.issued_month, int(parts.group("d")))
        except ValueError:
            meta.issued_on = None
    meta.source_lines["date"] = (line, line)


def _read_title(blocks: list[Block], header: Header, type_at: int | None, limit: int) -> int:
    """Title blocks after the type line; returns the index after the title."""
    meta = header.metadata
    if type_at is None or meta.title:
        return (type_at + 1) if type_at is not None else 0
    index = type_at + 1
    while index < limit and blocks[index].kind == "rule":
        index += 1
    text = blocks[index].text.rstrip(" *") if index < limit else ""
    opening = index < limit and (text.endswith((":", ";", ".")) and (ISSUER_CLAUSE.search(text) or
                                                                      PREAMBLE_START.match(text))
                                 or text.startswith("Căn cứ"))
    rest = title_lines(list(zip(blocks[index].raw, blocks[index].lines))) if index < limit else []
    if index < limit and not opening and blocks[index].kind != "rule" and rest:
        meta.title = " ".join(r for r, _ in rest)
        meta.source_lines["title"] = (rest[0][1], rest[-1][1])
        return index + 1
    return index


_ATTACHED_NOTE = re.compile(r"(?i)^\(?\s*(?:ban hành\s+)?kèm theo\b")
_AUTHOR_LINE = re.compile(r"^(?:CHÍNH PHỦ|(?:BỘ|THỨ|CỤC|VỤ|VIỆN|TỔNG CỤC)\s+TRƯỞNG\b|(?:PHÓ\s+)?CHỦ TỊCH\b|"
                          r"(?:PHÓ\s+)?GIÁM ĐỐC\b|THỦ TƯỚNG\b|ỦY BAN NHÂN DÂN\b|UỶ BAN NHÂN DÂN\b|BAN THƯỜNG VỤ\b|"
                          r"QUYẾT (?:ĐỊNH|NGHỊ)\s*:)")


def title_lines(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The trích yếu's lines: up to "(Ban hành kèm theo …)" or a decision's author line ("BỘ TRƯỞNG BỘ …")."""
    out = []
    for text, line in lines:
        if _ATTACHED_NOTE.match(text.strip()) or (out and _AUTHOR_LINE.match(text.strip())):
            break
        out.append((text, line))
    return out


def _set_issuer(meta: Metadata, blocks: list[Block], header: Header, issuer_parts: list) -> None:
    if issuer_parts:
        meta.issuer_name = proper_case(compose_issuer([c for c, _ in issuer_parts]))
        meta.issuer_source = "header"
        meta.source_lines["issuer"] = (issuer_parts[0][1], issuer_parts[-1][1])
        return
    title_issuer = None
    if meta.title and re.match(r"(?i)của\s", meta.title):
        found, _ = read_units(meta.title, 4)
        title_issuer = found[0].name if found else None
    for index in reversed(header.preamble):
        block = blocks[index]
        clauses = list(ISSUER_CLAUSE.finditer(block.text))
        for clause in reversed(clauses):
            name = clause.group("name").strip()
            found, end = read_units(name)
            if len(found) == 1 and end >= len(name.rstrip()):
                meta.issuer_name, meta.issuer_source = name, "preamble"
                line = block.line_at(clause.start("name"))
                meta.source_lines["issuer"] = (line, line)
                if title_issuer and name_key(title_issuer).startswith(name_key(name)):
                    meta.issuer_name, meta.issuer_source = title_issuer, "title"
                    meta.source_lines["issuer"] = meta.source_lines["title"]
                return
    if title_issuer:
        meta.issuer_name, meta.issuer_source = title_issuer, "title"
        meta.source_lines["issuer"] = meta.source_lines.get("title")
