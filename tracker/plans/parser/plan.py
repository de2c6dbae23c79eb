"""parse_plan: from a plan's text to a ParsedPlan (metadata, cited documents, sections, tasks, duties, tail)."""
from __future__ import annotations

import re

from tracker.core.deadlines import DeadlineContext
from tracker.core.textio import legacy_encoding_of, legacy_message, text_to_lines
from tracker.core.vntext import fold
from tracker.plans.parser.blocks import Block, split_blocks
from tracker.plans.parser.decision import attached_summary, enacting_start, find_attached_plan
from tracker.plans.parser.flattables import unflatten_tables
from tracker.plans.parser.documents import collect_documents, preamble_refs, scan_refs
from tracker.plans.parser.duties import read_duties
from tracker.plans.parser.header import ISSUER_CLAUSE, NUMBER_LINE, PREAMBLE_START, parse_header
from tracker.plans.parser.model import Footnote, ParsedPlan, UnitResolver
from tracker.plans.parser.tail import (
    AUTHORITY, SUPERSCRIPTS, find_recipients_start, footnote_definitions, parse_recipients, parse_signer, tail_cells,
)
from tracker.plans.parser.tasks import TaskReader, opening_assignees

_MARK = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\^([^\]]+)\]")


def _is_authority(block: Block) -> bool:
    first = re.sub(r"[*★]", "", block.raw[0]).strip() if block.raw else ""
    found = AUTHORITY.match(first)
    return bool(found) and found.group("rest").upper() == found.group("rest")


def _is_annex(block: Block) -> bool:
    """ "PHỤ LỤC" after the signature: its task list or table is part of the plan."""
    first = block.raw[0] if block.raw else ""
    return fold(first[:10]).startswith("phu luc") and (first[:7].isupper() or block.emphasised or len(first) <= 40)


def parse_plan(text: str, resolver: UnitResolver | None = None) -> ParsedPlan:
    """Everything a plan's text says that tracker can use, each item with its 1-based source lines.
    `resolver`, when given, is called with each written unit name and its answer kept as `match`."""
    lines = text_to_lines(text)
    all_blocks = split_blocks(unflatten_tables(lines))
    notes, note_indexes = footnote_definitions(all_blocks)
    blocks = [b for i, b in enumerate(all_blocks) if i not in note_indexes]
    header = parse_header(blocks)
    meta = header.metadata
    start = header.body_start
    attached = find_attached_plan(blocks, meta.doc_type, header.type_block)
    decision_end = None
    if attached is not None:
        meta.attached, after_title = attached_summary(blocks, attached, len(blocks))
        enacting = enacting_start(blocks, header.type_block, attached)
        header.preamble = [i for i in header.preamble if i < enacting]
        start = max(start, after_title) if start < attached else start
        decision_end = min(i for i in (find_recipients_start(blocks[:attached], enacting),
                                       next((i for i in range(enacting, attached) if _is_authority(blocks[i])), None),
                                       attached) if i is not None)
    recipients_at = find_recipients_start(blocks, start)
    signature_at = next((i for i in range(start, len(blocks)) if _is_authority(blocks[i])), None)
    body_end = min(i for i in (recipients_at, signature_at, len(blocks)) if i is not None)
    annex_at = next((i for i in range(body_end, len(blocks)) if _is_annex(blocks[i])), len(blocks))
    cells = tail_cells(blocks[:attached], decision_end) if attached is not None \
        else tail_cells(blocks[:annex_at], body_end)
    recipients, archive, used = parse_recipients(cells)
    meta.signer = parse_signer([c for k, c in enumerate(cells) if k not in used])
    if meta.signer.lines:
        meta.source_lines["signer"] = meta.signer.lines
    if recipients:
        meta.source_lines["recipients"] = (recipients[0].lines[0], recipients[-1].lines[1])
    context = DeadlineContext.from_text("\n".join(b.text for b in blocks), meta.issued_year)
    reader = TaskReader(context, resolver)
    reader.addressee = header.addressee
    reader.opening = reader._addressed(opening_assignees(blocks, header.preamble))
    reader.prose_body = not any(blocks[i].kind in ("heading", "item") for i in range(start, body_end))
    duties, task_of_block = [], {}
    opening = [i for i in header.preamble if i < start] if reader.prose_body else []  # a letter with no list:
    for index in [*opening, *range(start, body_end), *range(annex_at, len(blocks))]:  # its ask may open it
        block = blocks[index]
        if index == annex_at:
            reader.annex(block)
        elif block.kind == "heading":
            reader.heading(block)
        elif block.kind in ("item", "para"):
            task = reader.item(block)
            if task is not None:
                task_of_block[index] = task.index
                duties += read_duties(task, block, context)
    for number, duty in enumerate(duties):
        duty.index = number
        if resolver is not None:
            for unit in duty.reporters + duty.to + duty.via + duty.forward_to:
                unit.match = unit.match if unit.match is not None else resolver(unit.name)
    documents = _documents(blocks, header, body_end, [all_blocks[i] for i in sorted(note_indexes)])
    _cite_footnotes(notes, blocks, range(start, body_end), task_of_block)
    warnings = _warnings(meta, documents, reader, notes, text)
    return ParsedPlan(meta, documents, reader.sections, reader.tasks, duties, recipients, archive, notes,
                      warnings, len(lines))


def _documents(blocks: list[Block], header, body_end: int, note_blocks: list[Block]):
    issuer_starts = {}
    for index in header.preamble:
        clauses = [c for c in ISSUER_CLAUSE.finditer(blocks[index].text)
                   if not re.search(r"\d", c.group("name")) and not PREAMBLE_START.match(c.group("name").strip())]
        if clauses:
            issuer_starts[index] = clauses[-1].start("name")
    opening = preamble_refs(blocks, header.preamble, issuer_starts)
    first = header.type_block or 0
    scanned = [i for i in range(first, body_end) if i not in header.preamble
               and not (blocks[i].raw and NUMBER_LINE.match(blocks[i].raw[0]))]
    mentions = [ref for i in scanned for ref in scan_refs(blocks[i])]
    mentions += [ref for block in note_blocks for ref in scan_refs(block)]
    own = header.metadata.number_key
    return [doc for doc in collect_documents(opening, mentions) if own is None or doc.number_key != own]


def _cite_footnotes(notes: list[Footnote], blocks: list[Block], body, task_of_block: dict) -> None:
    """Attach each footnote to the sentence (or clause, up to ";") whose text carries its marker."""
    defined = {n.marker: n for n in notes}
    for index in body:
        text = blocks[index].text
        for mark in _MARK.finditer(text):
            marker = mark.group(1) or mark.group(0).translate(SUPERSCRIPTS)
            if marker not in defined:
                continue
            begin = max(text.rfind(";", 0, mark.start()), text.rfind(". ", 0, mark.start())) + 1
            ends = [p for p in (text.find(";", mark.end()), text.find(". ", mark.end())) if p >= 0]
            sentence = text[begin:min(ends) if ends else len(text)].strip()
            defined[marker].cited_at.append({"line": blocks[index].line_at(mark.start()), "sentence": sentence,
                                             "task": task_of_block.get(index)})


def _warnings(meta, documents, reader: TaskReader, notes: list[Footnote], text: str) -> list[dict]:
    warnings = list(reader.warnings)
    if meta.number is not None and meta.number_value is None:
        warnings.append({"code": "draft_number", "lines": list(meta.source_lines["number"]),
                         "message": f"Văn bản chưa có số (“Số: {meta.number}”): hãy bổ sung khi có số chính thức."})
    if meta.issued_year is not None and meta.issued_on is None:
        warnings.append({"code": "blank_date", "lines": list(meta.source_lines["date"]),
                         "message": "Văn bản chưa ghi đủ ngày ký: chỉ lưu năm (và tháng nếu có)."})
    for doc in documents:
        for message in doc.warnings:
            warnings.append({"code": "symbol_typo" if doc.suggested_number else "symbol_mismatch",
                             "lines": list(doc.lines), "message": message})
    for note in notes:
        if not note.cited_at:
            warnings.append({"code": "footnote_unused", "lines": list(note.lines),
                             "message": f"Chú thích {note.marker} không thấy được trích dẫn trong văn bản."})
    legacy = legacy_encoding_of(text)
    if legacy:
        warnings.append({"code": "legacy_encoding", "lines": [], "message": legacy_message(legacy)})
    if not reader.tasks:
        warnings.append({"code": "no_tasks", "lines": [],
                         "message": "Không nhận ra nhiệm vụ nào trong văn bản (không thấy các mục I, II, III hoặc "
                                    "danh sách nhiệm vụ). Hãy kiểm tra lại tệp hoặc thêm nhiệm vụ thủ công."})
    return warnings
