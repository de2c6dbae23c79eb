"""The header block in any serialisation: cells of side-by-side columns (tabs, wide gaps, Markdown pipes,
flattened tables), OCR letter spacing repaired, and an issuer written over several lines composed into one name."""
from __future__ import annotations

import re

from tracker.core.vntext import fold

_MOTTO_AT = re.compile(r"(?i)(?:cộng\s+h(?:òa|oà|oa)\s+xã\s+hội|đảng\s+cộng\s+sản\s+việt\s+nam|độc\s+lập\s*[-–])")
_MOTTOS = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc", "dang cong san viet nam")
_GAP = re.compile(r"\t+|\s{3,}|\s*(?<!\S)\|(?!\S)\s*|^\s*\||\|\s*$")
_DASHES = re.compile(r"(?:^|\s)[-–_=*]{3,}(?=\s|$)")
_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_LEVEL = ("TỈNH", "THÀNH PHỐ", "XÃ", "PHƯỜNG", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU")
_PARTY_PLACE = re.compile(r"^(?P<level>TỈNH|THÀNH|HUYỆN|QUẬN|THỊ)\s+[ỦU][YỶ]\s+(?P<name>.+)$")
_BODY_HEAD = re.compile(r"^(?:SỞ|BAN|ĐẢNG|[ỦU][YỶ]\s+BAN|UBND|HĐND|VĂN\s+PHÒNG|PHÒNG|CỤC|BỘ|TRUNG\s+TÂM|HỘI|ĐOÀN|"
                        r"CHI\s+BỘ|CÔNG\s+AN|THANH\s+TRA|TỔ|BCĐ|THƯỜNG\s+TRỰC)\b")
# Bodies named after the body they belong to: "Ban Thường trực Ủy ban MTTQ ... xã X", "Văn phòng UBND tỉnh X".
_SUB_BODY = re.compile(r"^(?:BAN\s+THƯỜNG\s+(?:TRỰC|VỤ)|THƯỜNG\s+TRỰC|BAN\s+(?!CHỈ\s+ĐẠO)\S+|VĂN\s+PHÒNG|"
                       r"[ỦU]Ỷ?\s+BAN\s+KIỂM\s+TRA)\b")
_CONTINUES = re.compile(r"^(?:" + "|".join(_LEVEL) + r"|VIỆT\s+NAM|THEO|VỀ|CỦA|VÀ|TRUNG\s+ƯƠNG\b(?!\s+\S))\b")


def is_motto(cell: str) -> bool:
    """The national or party motto, or a piece of it cut by wrapping ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM")."""
    key = fold(cell)
    return bool(key) and (key.startswith(_MOTTOS) or (len(key.split()) >= 2 and any(key in m for m in _MOTTOS)
                                                      and not key.startswith("viet nam")))


def repair_spacing(cell: str) -> str:
    """OCR letter spacing in upper-case text ("ỦY B AN NHÂN D Â N" -> "ỦY BAN NHÂN DÂN"): a lone consonant
    joins the next piece when that starts with a vowel or H (TH, PH, NH ...), else the previous one."""
    words = cell.split(" ")
    if len(words) < 3 or cell.upper() != cell or sum(len(w) == 1 and w.isalpha() for w in words) < 2:
        return cell
    out: list[str] = []
    pending = ""
    for index, word in enumerate(words):
        word = pending + word
        pending = ""
        lone = len(word) == 1 and word.isalpha() and word.lower() not in _VOWELS
        following = words[index + 1] if index + 1 < len(words) else ""
        if lone and following[:1].isalpha() and (following[0].lower() in _VOWELS or following[0] in "HG"):
            pending = word
        elif (lone or (len(word) == 1 and word.lower() in _VOWELS and out and len(out[-1]) <= 2)) and out \
                and out[-1][-1:].lower() in _VOWELS and out[-1][-1:].isalpha():
            out[-1] += word
        else:
            out.append(word)
    if pending:
        out.append(pending)
    return " ".join(out)


def header_cells(raw_lines: list[str], line_numbers: list[int]) -> list[tuple[str, int]]:
    """Side-by-side cells of header lines, in reading order; rules ("-------"), empty table cells and
    Markdown table separators dropped; a cell holding both the issuer and the motto is cut before the motto.
    Gaps left for a date not yet filled in ("ngày    tháng") do not split."""
    cells: list[tuple[str, int]] = []
    for raw, line in zip(raw_lines, line_numbers):
        pieces = []
        for cell in _GAP.split(raw):
            cell = _DASHES.sub(" ", cell or "").strip(" *-–|")
            if not cell or re.fullmatch(r"[-:|\s]+", cell):
                continue
            motto = _MOTTO_AT.search(cell)
            if motto and motto.start() > 0:
                pieces += [cell[:motto.start()].strip(), cell[motto.start():]]
            else:
                pieces.append(cell)
        for cell in pieces:
            cell = repair_spacing(re.sub(r"\s+", " ", cell))
            if cells and cells[-1][1] == line and (re.search(r"(?i)\b(?:ngày|tháng)\W*$", cells[-1][0])
                                                   or re.match(r"(?i)(?:tháng|năm)\b", cell)):
                cells[-1] = (f"{cells[-1][0]} {cell}", line)
            elif cell:
                cells.append((cell, line))
    return cells


def _place(upper: str) -> tuple[str, str] | None:
    """(level, name) of the place a header line names: "UBND TỈNH LÀO CAI" -> ("TỈNH", "LÀO CAI")."""
    party = _PARTY_PLACE.match(upper)
    if party:
        level = {"THÀNH": "THÀNH PHỐ", "THỊ": "THỊ XÃ"}.get(party["level"], party["level"])
        return level, party["name"]
    for level in sorted(_LEVEL, key=len, reverse=True):
        found = re.search(rf"(?:^|\s){level}\s+(?P<name>\S.*)$", upper)
        if found and not re.match(r"[ỦU][YỶ]\b", found["name"]):
            return level, found["name"]
    return None


def _ends_with_level(upper: str) -> bool:
    return any(upper == level or upper.endswith(" " + level) for level in _LEVEL)


def compose_issuer(parts: list[str]) -> str:
    """One upper-case issuer name from the header lines above "Số": lines that continue a name (a level
    word, "VIỆT NAM") are joined; the last body is named, completed by the body above it when it is a board
    of that body ("BAN THƯỜNG TRỰC") or lacks the place the body above names ("SỞ CÔNG THƯƠNG")."""
    bodies: list[str] = []
    for part in (p.strip() for p in parts):
        if bodies and (_CONTINUES.match(part) or bodies[-1].endswith((",", "-", " VÀ", "QUYẾT ĐỊNH"))
                       or (_ends_with_level(bodies[-1]) and not _BODY_HEAD.match(part))):
            bodies[-1] = f"{bodies[-1]} {part}"
        else:
            bodies.append(part)
    last = bodies[-1]
    if len(bodies) == 1:
        return last
    parent = bodies[-2]
    place = _place(parent)
    if _ends_with_level(last) and place:
        return f"{last} {place[1]}"
    if _SUB_BODY.match(last) and not _place(last):
        return f"{last} {parent}"
    if place and not _place(last):
        return f"{last} {place[0]} {place[1]}"
    return last
