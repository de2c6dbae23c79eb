"""Reporting duties inside tasks: who reports what, to whom, via whom, and when."""
from __future__ import annotations

import re

from tracker.core.deadlines import KINDS, DeadlineContext, find_deadlines
from tracker.plans.parser.blocks import Block
from tracker.plans.parser.model import ReportingDuty, Task, UnitMention
from tracker.plans.parser.units import read_units

_REPORT = re.compile(r"\b[Bb]áo cáo\b(?!\s+viên)")
_PURPOSE = re.compile(r"\bđể\b")
_PURPOSE_REPORT = re.compile(r"\bđể(?:\s+\w+){0,3},?\s*$")
_AFTER_REPORT = re.compile(r"^\s*(?:,\s*tham mưu\s+|(?:về|với|lên|cho|gửi|đến|tới)\s+)?", re.IGNORECASE)
_SEND_TO = re.compile(r"\bgửi\s+(?:về\s+|đến\s+|tới\s+)?", re.IGNORECASE)
_SEND = re.compile(r"\b(?:gửi|với|về)\s+(?:về\s+)?", re.IGNORECASE)
_VIA = re.compile(r"\(?\bqua\s+", re.IGNORECASE)
_COORDINATION = re.compile(r"phối hợp[^;.]{0,40}$", re.IGNORECASE)
_AD_HOC_WORDS = re.compile(r"đột xuất|kịp thời\s+(?:\w+\s+){0,3}?báo cáo|khi có yêu cầu|theo yêu cầu|"
                           r"khi phát sinh|mới phát sinh", re.IGNORECASE)
_OWN_PLAN = re.compile(r"xây dựng\s+(?:k|K)ế hoạch", re.IGNORECASE)
_RESULTS = re.compile(r"kết quả|tình hình", re.IGNORECASE)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of clauses: split at ";" and at sentence ends."""
    cuts = [0] + [m.end() for m in re.finditer(r";|\.(?=\s+[^\W\d_])", text)] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def _units(text: str, start: int, block: Block, offset: int) -> list[UnitMention]:
    found, _ = read_units(text, start)
    return [UnitMention(f.name, block.line_at(offset + f.start), "text", f.is_group, f.note) for f in found]


def read_duties(task: Task, block: Block, context: DeadlineContext) -> list[ReportingDuty]:
    """The duties one task states; a duty needs a recipient, or a recurring schedule."""
    duties: list[ReportingDuty] = []
    reporters = [a.unit for a in task.assignments if a.role in ("lead", "request")]
    text = block.text
    for start, end in _clauses(text):
        clause = text[start:end]
        reports = [m for m in _REPORT.finditer(clause) if not _PURPOSE_REPORT.search(clause[:m.start()])]
        if not reports:  # no "báo cáo": "gửi về Thanh tra tỉnh" (a unit right after) also sends a report
            reports = [m for m in _SEND_TO.finditer(clause) if read_units(clause, m.end())[0]][:1]
        if not reports:
            continue
        first = reports[0]
        purpose = _PURPOSE.search(clause, first.end())
        region_end = purpose.start() if purpose else len(clause)
        to, forward = _recipients(clause, reports, region_end, block, start)
        via: list[UnitMention] = []
        for match in _VIA.finditer(clause, first.end(), region_end):
            via += _units(clause, match.end(), block, start)
        for k, report in enumerate(reports):
            seg_start = 0 if k == 0 else report.start()
            seg_end = reports[k + 1].start() if k + 1 < len(reports) else len(clause)
            segment = clause[seg_start:seg_end]
            specs = find_deadlines(segment, context)
            kinds = {s.kind for s in specs}
            if not (to or forward) and "recurring" not in kinds:
                continue
            if "recurring" in kinds and "ad_hoc" in kinds:
                picks = [("results", next(s for s in specs if s.kind == "recurring")),
                         ("ad_hoc", next(s for s in specs if s.kind == "ad_hoc"))]
            else:
                best = min(specs, key=lambda s: KINDS.index(s.kind)) if specs else None
                picks = [(_what(clause, segment, report.start() - seg_start, region_end - seg_start), best)]
            for what, when in picks:
                lines = (block.line_at(start + seg_start), block.line_at(start + seg_end - 1))
                duties.append(ReportingDuty(0, task.index, list(reporters), list(to), list(via), list(forward),
                                            what, when, segment.strip(" ,;.").strip(), lines))
    return duties


def _recipients(clause: str, reports: list[re.Match], region_end: int, block: Block, offset: int):
    """(to, forward_to): "tham mưu X báo cáo Y" sends to X for Y; otherwise the recipient is after the
    verb ("báo cáo về X", "báo cáo, tham mưu X") or later ("gửi X", "với X")."""
    first = reports[0]
    to: list[UnitMention] = []
    advise = list(re.finditer(r"tham mưu\s+", clause[:first.start()]))
    if advise:
        units, end = read_units(clause, advise[-1].end())
        if units and not clause[end:first.start()].strip():
            to = _units(clause, advise[-1].end(), block, offset)
    direct: list[UnitMention] = []
    for report in reports:
        after = report.end() + _AFTER_REPORT.match(clause[report.end():]).end()
        direct = _units(clause, after, block, offset)
        if direct:
            break
    if not direct:
        for match in _SEND.finditer(clause, first.end(), region_end):
            if _COORDINATION.search(clause[:match.start()]):
                continue
            direct = _units(clause, match.end(), block, offset)
            if direct:
                break
    if to:
        return to, direct
    return direct, []


def _what(clause: str, segment: str, at: int, region_end: int) -> str:
    """plan (its own implementation plan), ad_hoc (on demand, on cases as they arise) or results."""
    after = segment[at:region_end]
    if _OWN_PLAN.search(clause) and not _RESULTS.search(after):
        return "plan"
    if _AD_HOC_WORDS.search(segment[:region_end]):
        return "ad_hoc"
    return "results"
