"""The search: folded tokens matched by the engine's full-text index, ranked, scoped to what the user may see in
SQL (one statement per page of results, whatever the number of matches), with snippets cut around the words."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import and_, case, exists, false, or_, select, true

from tracker.core.docnumber import DocNumberError, parse_doc_number
from tracker.core import fulltext
from tracker.core.vntext import fold
from tracker.extensions import db
from tracker.plans.models import Document, Task
from tracker.plans.queries import visible_documents_clause
from tracker.reports.models import Report
from tracker.reports.queries import reports_for_user
from tracker.search.models import KIND_LABELS, SearchEntry
from tracker.tasks.models import TaskUpdate
from tracker.tasks.queries import visible_clause

PER_PAGE = 20
SNIPPET = 220


@dataclass
class Hit:
    kind: str
    ref_id: int
    parent_id: int | None
    title: str
    snippet: list[tuple[str, bool]]  # (text, is_match) pieces, for highlighting without raw HTML
    year: int | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    has_more: bool = False
    words: list[str] = field(default_factory=list)


def _scope(user):
    """Which entries the user may see, as one SQL condition (the same predicates as the pages)."""
    if getattr(user, "role", None) == "admin":
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    # Asked of each matching entry (correlated), not as the sets of everything visible: for the centre those sets
    # are every task and all 166,000 updates, built in full for a query that matches a few hundred entries.
    task = exists(select(Task.id).where(Task.id == SearchEntry.ref_id, visible_clause(user)))
    update = exists(select(TaskUpdate.id).join(Task, Task.id == TaskUpdate.task_id)
                    .where(TaskUpdate.id == SearchEntry.ref_id, visible_clause(user)))
    reports = reports_for_user(user).with_only_columns(Report.id).order_by(None)
    document = exists(select(Document.id).where(Document.id == SearchEntry.ref_id,
                                                visible_documents_clause(user)))  # who may read a plan (#12, 9)
    return or_(SearchEntry.kind == "unit",
               and_(SearchEntry.kind == "document", document),
               and_(SearchEntry.kind == "task", task),
               and_(SearchEntry.kind == "update", update),
               and_(SearchEntry.kind == "report", SearchEntry.ref_id.in_(reports)))


def _number_ids(query: str) -> list[int]:
    """Documents whose number is the query, however it is punctuated ("107-KL/TW", "107 KL/TW", "107 kl tw",
    "160/KH-UBND"): shown first."""
    words = [w for w in re.split(r"[\s/\-–.]+", query.strip().upper()) if w]
    candidates = [query]
    if len(words) >= 3 and words[0].isdigit():
        rest = "-".join(words[2:])
        candidates += [f"{words[0]}-{words[1]}/{rest}", f"{words[0]}/{words[1]}-{rest}"]
    keys = set()
    for candidate in candidates:
        try:
            keys.add(parse_doc_number(candidate).key)
        except (DocNumberError, ValueError):
            continue
    if not keys:
        return []
    return list(db.session.scalars(select(Document.id).where(Document.number_key.in_(sorted(keys))).limit(5)))


def search(user, query: str, kind: str | None = None, year: int | None = None, page: int = 1) -> Results:
    """A page of hits for `query` that `user` may see, best first."""
    query = (query or "").strip()[:200]
    groups = fulltext.alternatives(query)
    # The last word is a prefix while the user types ("khieu na"); the others are whole words.
    last = groups[-1][0] if groups else ""
    results = Results(query=query, words=sorted({w for g in groups for alt in g for w in alt.split()}
                                                | ({last + "*"} if len(last) >= 2 else set())))
    if not groups:
        return results
    stmt = select(SearchEntry.kind, SearchEntry.ref_id, SearchEntry.parent_id, SearchEntry.title, SearchEntry.body,
                  SearchEntry.year).where(_scope(user))
    exact = _number_ids(query)
    order = [case((and_(SearchEntry.kind == "document", SearchEntry.ref_id.in_(exact)), 0), else_=1)] if exact else []
    where, rank, fts = fulltext.matches(groups, SearchEntry.folded, SearchEntry.id)
    stmt = stmt.join(fts, where) if fts is not None else stmt.where(where)
    order.append(rank)
    if kind in KIND_LABELS:
        stmt = stmt.where(SearchEntry.kind == kind)
    if year:
        stmt = stmt.where(SearchEntry.year == year)
    page = max(1, min(page, 50))
    rows = db.session.execute(stmt.order_by(*order, SearchEntry.id.desc())
                              .offset((page - 1) * PER_PAGE).limit(PER_PAGE + 1)).all()
    results.has_more = len(rows) > PER_PAGE
    results.hits = [Hit(r.kind, r.ref_id, r.parent_id, r.title, snippet(r.body or r.title, results.words), r.year)
                    for r in rows[:PER_PAGE]]
    return results


def snippet(body: str, words: list[str], width: int = SNIPPET) -> list[tuple[str, bool]]:
    """About `width` characters of `body` around the first matched word, split into plain and matched pieces.

    Matching is done on the folded form character by character (folding keeps one character per letter), so
    "Điểm nóng" is highlighted for the query "diem nong"; a word ending in "*" also matches as a prefix."""
    plain = re.sub(r"[#*_>`|\[\]]+", " ", body or "")
    plain = re.sub(r"\s+", " ", plain).strip()
    folded = _fold_same_length(plain)
    spans = []
    for word in words:
        prefix = word.endswith("*")
        pattern = rf"(?<![0-9a-z]){re.escape(word.rstrip('*'))}" + ("" if prefix else r"(?![0-9a-z])")
        for found in re.finditer(pattern, folded):
            spans.append((found.start(), found.end()))
    spans.sort()
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(plain), start + width)
    pieces, cursor = [], start
    for s, e in spans:
        if s < cursor or e > end:
            continue
        pieces.append((plain[cursor:s], False))
        pieces.append((plain[s:e], True))
        cursor = e
    pieces.append((plain[cursor:end], False))
    if start > 0:
        pieces.insert(0, ("…", False))
    if end < len(plain):
        pieces.append(("…", False))
    return [(t, m) for t, m in pieces if t]


def _build_table() -> dict[int, str]:
    table = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)) + [0x110, 0x111]:
        folded = fold(chr(code))
        table[code] = folded if len(folded) == 1 else " "
    return table


_TABLE = _build_table()


def _fold_same_length(value: str) -> str:
    """Lower-case, accent-free, đ → d, one output character per input character (so offsets line up)."""
    lowered = value.lower()
    if len(lowered) != len(value):
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in value)
    return lowered.translate(_TABLE)
