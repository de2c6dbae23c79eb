"""A decision or resolution that issues a plan ("QUYẾT ĐỊNH Về việc ban hành Kế hoạch …" followed by the
attached "KẾ HOẠCH (Ban hành kèm theo Quyết định số …)"): where the attached plan starts and what it is."""
from __future__ import annotations

import re

from tracker.core.vntext import fold
from tracker.plans.parser.blocks import Block
from tracker.plans.parser.tail import AUTHORITY

_PLAN_TYPES = {"ke hoach": "KH", "chuong trinh": "CTr", "chuong trinh hanh dong": "CTr",
               "chuong trinh cong tac": "CTr", "de an": "ĐA", "phuong an": "PA"}
_ISSUING = ("QĐ", "NQ")
_ENACTING = re.compile(r"^(?:QUYẾT\s+(?:ĐỊNH|NGHỊ)|Điều\s+1\b)")
_ATTACHED_NOTE = re.compile(r"(?i)^\(?\s*(?:ban hành\s+)?kèm theo\b")


def _first_line(block: Block) -> str:
    return re.sub(r"[*#]", "", block.raw[0]).strip() if block.raw else ""


def _is_tail(block: Block) -> bool:
    first = _first_line(block)
    found = AUTHORITY.match(first)
    return fold(first[:12]).startswith("noi nhan") or bool(found and found["rest"].upper() == found["rest"])


def _plan_type(first: str) -> str | None:
    """ "KẾ HOẠCH", "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ" -> its type code."""
    key = fold(first)
    for words in sorted(_PLAN_TYPES, key=len, reverse=True):
        if key == words or key.startswith(words + " cua "):
            return _PLAN_TYPES[words]
    return None


def find_attached_plan(blocks: list[Block], doc_type: str | None, type_block: int | None) -> int | None:
    """Index of the attached plan's type block ("KẾ HOẠCH", "CHƯƠNG TRÌNH HÀNH ĐỘNG") after the decision's
    recipients or signature; None for a document that is itself the plan."""
    if doc_type not in _ISSUING or type_block is None:
        return None
    signed = False
    for index in range(type_block + 1, len(blocks)):
        block = blocks[index]
        if block.kind == "heading" and block.style == "roman" and not signed:
            return None
        first = _first_line(block)
        if _is_tail(block):
            signed = True
        elif signed and first.upper() == first and _plan_type(first):
            return index
    return None


def enacting_start(blocks: list[Block], type_block: int, end: int) -> int:
    """Index of "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:" (or "Điều 1."): the decision's basis (Căn cứ) ends there."""
    return next((i for i in range(type_block + 1, end) if _ENACTING.match(_first_line(blocks[i]))), end)


def attached_summary(blocks: list[Block], at: int, limit: int) -> tuple[dict, int]:
    """{"doc_type", "title", "lines"} of the attached plan and the index of the first block after its title
    and its "(Ban hành kèm theo …)" line."""
    block = blocks[at]
    first = _first_line(block)
    own = re.match(r"(?i)^.*?\s(?=của\s)", first)
    lines = ([(first[own.end():], block.lines[0])] if own else []) + list(zip(block.raw, block.lines))[1:]
    index = at + 1
    while not lines and index < limit and blocks[index].kind in ("para", "heading") \
            and not _ATTACHED_NOTE.match(_first_line(blocks[index])):
        lines = list(zip(blocks[index].raw, blocks[index].lines))
        index += 1
    title = []
    for text, line in lines:
        if _ATTACHED_NOTE.match(text.strip(" *")):
            break
        title.append((re.sub(r"[*#]", "", text).strip(), line))
    while index < limit and _ATTACHED_NOTE.match(_first_line(blocks[index])):
        index += 1
    summary = {"doc_type": _plan_type(first),
               "title": " ".join(t for t, _ in title) or None,
               "lines": [block.lines[0], (title[-1][1] if title else block.lines[0])]}
    return summary, index
