"""The end of a plan: recipients ("Nơi nhận"), the archive line ("Lưu: VT"), the signature, footnote texts."""
from __future__ import annotations

import re

from tracker.core.vntext import fold
from tracker.plans.parser.blocks import Block
from tracker.plans.parser.model import Footnote, Recipient, Signer

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NOTE_DEF = re.compile(r"^(?:(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\[\^(?P<md>[^\]]+)\]:)\s*(?P<text>\S.*)$")
AUTHORITY = re.compile(r"^(?:T\.?M|T/M|KT|TL|TUQ|Q)\s*[./]?\s+(?P<rest>\S.*)$")
_ARCHIVE = re.compile(r"^Lưu\b\s*:?\s*(?P<holders>.*?)[.;]?$", re.IGNORECASE)
_POSITIONS = ("CHỦ TỊCH", "BÍ THƯ", "GIÁM ĐỐC", "TRƯỞNG", "CHÁNH", "THỦ TRƯỞNG", "TỔNG", "PHÓ", "BỘ TRƯỞNG",
              "THỨ TRƯỞNG", "THỦ TƯỚNG", "CỤC TRƯỞNG", "VỤ TRƯỞNG", "VIỆN TRƯỞNG")
_NOT_NAME = re.compile(r"\(?\[?đã ký\]?\)?|[★☆*#•●■▪]", re.IGNORECASE)


def footnote_definitions(blocks: list[Block]) -> tuple[list[Footnote], set[int]]:
    """Footnote texts ("¹ Chỉ thị số 12-CT/TU ...", "[^1]: ...") and the indexes of their blocks."""
    notes, used = [], set()
    for index, block in enumerate(blocks):
        raw = block.raw[0] if block.raw else ""
        found = _NOTE_DEF.match(raw)
        if found and block.kind == "para":
            marker = (found.group("sup") or "").translate(SUPERSCRIPTS) or found.group("md")
            text = " ".join([found.group("text")] + block.raw[1:])
            notes.append(Footnote(marker, text, block.span))
            used.add(index)
    return notes, used


def find_recipients_start(blocks: list[Block], start: int) -> int | None:
    """Index of the "Nơi nhận" block at or after `start`."""
    return next((i for i in range(start, len(blocks)) if blocks[i].raw
                 and fold(blocks[i].raw[0][:12]).startswith("noi nhan")), None)


def tail_cells(blocks: list[Block], start: int) -> list[tuple[str, int]]:
    """The lines after the body, cut into cells: a text export of the signature table puts
    "Nơi nhận" and the signature side by side on the same lines."""
    return [(cell.strip(), line) for block in blocks[start:] for raw, line in zip(block.raw, block.lines)
            for cell in re.split(r"\t|\s+\|\s+|^\s*\||\|\s*$", raw) if cell.strip(" |")]


def parse_recipients(cells: list[tuple[str, int]]) -> tuple[list[Recipient], dict | None, set[int]]:
    """Recipients listed after "Nơi nhận" (one per bullet, split at ";"), the "Lưu" line, and the
    positions of the cells they used (the rest is for the signature)."""
    at = next((k for k, (cell, _) in enumerate(cells) if fold(cell).startswith("noi nhan")), None)
    if at is None:
        return [], None, set()
    used = {at}
    entries: list[list] = []
    inline = re.sub(r"(?i)^\W*nơi nhận\W*", "", cells[at][0])
    entries += [[e, cells[at][1]] for e in re.split(r"(?:^|\s+)[-+•–]\s+", inline) if e.strip(" -")]
    for k in range(at + 1, len(cells)):
        cell, line = cells[k]
        if re.match(r"[-+•–]\s*\S", cell):
            entries.append([cell.lstrip("-+•– "), line])
            used.add(k)
        elif entries and cell[:1].islower() and line == entries[-1][1] + 1:
            entries[-1][0] += " " + cell
            entries[-1][1] = line
            used.add(k)
    recipients, archive = [], None
    for text, line in entries:
        stored = _ARCHIVE.match(text.strip())
        if stored:
            holders = [h.strip() for h in stored.group("holders").split(",") if h.strip()]
            archive = {"text": text.strip().rstrip(".;,"), "holders": holders, "lines": [line, line]}
            continue
        for name in _split_outside_parentheses(text):
            recipients.append(Recipient(name, (line, line)))
    return recipients, archive, used


def _split_outside_parentheses(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == ";" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip().rstrip(".,;").strip() for p in parts if p.strip().rstrip(".,;").strip()]


def parse_signer(cells: list[tuple[str, int]]) -> Signer:
    """Authority lines, position and name from the cells after the body (recipients already removed)."""
    lines = cells
    signer = Signer()
    first = last = None
    for raw, line in lines:
        text = _NOT_NAME.sub("", raw).strip()
        if not text:
            continue
        if AUTHORITY.match(text) and text[3:].upper() == text[3:]:
            signer.authority.append(text)
            first = first or line
        elif text.upper() == text and any(ch.isalpha() for ch in text) and (signer.authority or
                                                                             text.startswith(_POSITIONS)):
            if signer.position is None and signer.name is None:
                signer.position, first = text, first or line
        elif (signer.authority or signer.position) and signer.name is None and _looks_like_name(text):
            signer.name, last = text, line
    if first:
        signer.lines = (first, last or first)
    return signer


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() and w.isalpha() for w in words)
