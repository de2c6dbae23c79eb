"""The search: folded tokens matched by the engine's full-text index, ranked, scoped to what the user may see in
SQL (one statement per page of results, whatever the number of matches), with snippets cut around the words."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import and_, case, exists, false, func, literal, literal_column, not_, or_, select, true, union_all
from sqlalchemy.orm import aliased

from tracker.core.docnumber import DocNumberError, parse_doc_number
from tracker.core import fulltext
from tracker.core.vntext import fold
from tracker.extensions import db
from tracker.plans.models import Document, Task
from tracker.plans.queries import document_scope, visible_documents_clause
from tracker.reports.models import Report
from tracker.reports.queries import reports_for_user
from tracker.search.models import KIND_LABELS, SearchEntry
from tracker.tasks.models import TaskUpdate
from tracker.tasks.queries import listed_clause, visible_clause
from tracker.units.queries import is_whole_tree

PER_PAGE = 20
RERANKED = 200  # matches re-ranked by the closeness of their words (PostgreSQL)
CANDIDATES = 2  # × the matches a page needs: how many best matches are asked for visibility first (PostgreSQL)
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


def _pg_page(user, groups: list[list[str]], exact: list[int], kind: str | None, year: int | None, offset: int):
    """PostgreSQL: the statement of a page of hits, in three steps a common phrase needs ("khiếu nại tố cáo"
    matches 32,000 of the country's 320,000 entries):
    1. the matches, through the GIN index, with the few columns visibility needs (and, for a user who sees nearly
       all of them, the ts_rank of their first 1,500 characters), once;
    2. visibility as joins per kind: tasks and progress updates against the set of tasks the user may see (an
       update is seen with its task, `parent_id`), documents asked one by one, reports against the user's
       reports. A user who sees nearly all has it asked only of the best CANDIDATES × the page's need (the best
       visible matches are then among them: exact) and of every match only when too few of those were visible
       (a one-time filter in the same statement); a user who sees part of the country has it asked of every
       match, and only the visible ones ranked (read again by id);
    3. the best RERANKED visible matches (at least down to this page) read in full and re-ordered by how close
       the words stand in their first 1,500 characters (cover density, ten times dearer than ts_rank, so never
       for every match)."""
    vector = literal_column("search_entry.tsv")
    tsquery = fulltext.pg_tsquery(groups)
    early = _sees_nearly_all(user)
    found = select(SearchEntry.id, SearchEntry.kind, SearchEntry.ref_id, SearchEntry.parent_id,
                   *([_rank("search_entry", tsquery).label("score")] if early else [])
                   ).where(vector.op("@@")(tsquery))
    if kind in KIND_LABELS:
        found = found.where(SearchEntry.kind == kind)
    if year:
        found = found.where(SearchEntry.year == year)
    # A user who sees nearly all reads the matches once, into their best candidates (the whole set only again in
    # the fallback below, never in practice); the others' visibility reads them five times (once per kind).
    m = found.cte("matches").prefix_with("NOT MATERIALIZED" if early else "MATERIALIZED")
    needed = max(RERANKED, offset + PER_PAGE + 1)

    def first(rows):  # the documents whose number is the query before everything else
        if not exact:
            return literal(1)
        return case((and_(rows.c.kind == "document", rows.c.ref_id.in_(exact)), 0), else_=1)

    if early:  # ranked as they are read; visibility asked of the best candidates, of all only if needed
        candidates = (select(m).order_by(first(m), m.c.score.desc(), m.c.id.desc())
                      .limit(CANDIDATES * needed).cte("candidates"))
        reports = _report_ids(user) if getattr(user, "role", None) != "admin" else None
        cut = union_all(*_visible_branches(user, candidates, reports)).subquery("visible_candidates")
        best_cut = (select(cut.c.id, first(cut).label("first"))
                    .order_by(first(cut), cut.c.score.desc(), cut.c.id.desc()).limit(needed).cte("best_cut"))
        # Too few visible among the candidates, and there may be more matches than the candidates.
        too_few = and_(select(func.count()).select_from(best_cut).scalar_subquery() < needed,
                       select(func.count()).select_from(candidates).scalar_subquery() >= CANDIDATES * needed)
        every = union_all(*_visible_branches(user, m, reports)).subquery("visible")
        best = union_all(select(best_cut.c.id, best_cut.c.first).where(not_(too_few)),
                         select(every.c.id, first(every).label("first")).where(too_few)
                         .order_by(first(every), every.c.score.desc(), every.c.id.desc()).limit(needed))
    else:  # a province sees a thirtieth of a common phrase's matches: only those are ranked
        visible = union_all(*_visible_branches(user, m)).subquery("visible")
        ranked = aliased(SearchEntry, name="ranked")
        best = (select(visible.c.id, first(visible).label("first")).join(ranked, ranked.id == visible.c.id)
                .order_by(first(visible), _rank("ranked", tsquery).desc(), visible.c.id.desc()).limit(needed))
    best = best.subquery("best")
    return (select(SearchEntry.kind, SearchEntry.ref_id, SearchEntry.parent_id, SearchEntry.title, SearchEntry.body,
                   SearchEntry.year).join(best, best.c.id == SearchEntry.id)
            .order_by(best.c.first, fulltext.closeness(groups, _head("search_entry")).desc(), SearchEntry.id.desc()))


def _rank(table: str, tsquery):
    """ts_rank of an entry by its first 1,500 characters: a plan's whole text made ts_rank walk a 7 KB vector for
    each of 3,300 plans."""
    return func.ts_rank(_head(table), tsquery)


def _head(table: str):
    """What an entry is ranked by: the tsvector of its first 1,500 characters (head_tsv, migration 0022; NULL for
    an entry shorter than that, then its tsv). A plan says what it is about in its title and opening; the words
    anywhere in it still find it (tsv). The re-ranking by closeness reads it too: over 200 plans' whole texts it
    was 10 of a common phrase's 100 ms."""
    return func.coalesce(literal_column(f"{table}.head_tsv"), literal_column(f"{table}.tsv"))


def _sees_nearly_all(user) -> bool:
    """Whether the user may see nearly every match (an administrator, the centre): then matches are ranked as they
    are read, else only the visible ones are (read again by id)."""
    if getattr(user, "role", None) == "admin":
        return True
    if not getattr(user, "is_authenticated", False) or not getattr(user, "unit_id", None):
        return False
    return is_whole_tree(document_scope(user))


def _visible_branches(user, m, reports=None) -> list:
    """One SELECT per kind of the matches `m` the user may see (the same predicates as _scope and the pages);
    `reports`, the ids of the user's reports, is built once for a statement that asks it twice (its unit tree is
    a CTE of one name)."""
    if getattr(user, "role", None) == "admin":
        return [select(m)]
    if not getattr(user, "is_authenticated", False):
        return [select(m).where(false())]
    if reports is None:
        reports = _report_ids(user)
    document = exists(select(Document.id).where(Document.id == m.c.ref_id, visible_documents_clause(user)))
    return [select(m).where(m.c.kind == "unit"),
            select(m).where(m.c.kind == "task", listed_clause(user, m.c.ref_id)),
            select(m).where(m.c.kind == "update", listed_clause(user, m.c.parent_id)),
            select(m).where(m.c.kind == "document", document),
            select(m).where(m.c.kind == "report", m.c.ref_id.in_(reports))]


def _report_ids(user):
    return reports_for_user(user).with_only_columns(Report.id).order_by(None)


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
    # The last word may be a prefix, being typed ("khieu na": fulltext.last_is_prefix); the others are whole words.
    last = groups[-1][0] if groups else ""
    results = Results(query=query, words=sorted({w for g in groups for alt in g for w in alt.split()}
                                                | ({last + "*"} if fulltext.last_is_prefix(groups) else set())))
    if not groups:
        return results
    exact = _number_ids(query)
    page = max(1, min(page, 50))
    offset = (page - 1) * PER_PAGE
    if fulltext.is_postgresql():
        stmt = _pg_page(user, groups, exact, kind, year, offset)
    else:
        stmt = select(SearchEntry.kind, SearchEntry.ref_id, SearchEntry.parent_id, SearchEntry.title,
                      SearchEntry.body, SearchEntry.year).where(_scope(user))
        first = case((and_(SearchEntry.kind == "document", SearchEntry.ref_id.in_(exact)), 0), else_=1) if exact \
            else literal(1)
        where, rank, fts = fulltext.matches(groups, SearchEntry.folded, SearchEntry.id)
        stmt = stmt.join(fts, where) if fts is not None else stmt.where(where)
        if kind in KIND_LABELS:
            stmt = stmt.where(SearchEntry.kind == kind)
        if year:
            stmt = stmt.where(SearchEntry.year == year)
        stmt = stmt.order_by(first, rank, SearchEntry.id.desc())
    rows = db.session.execute(stmt.offset(offset).limit(PER_PAGE + 1)).all()
    results.has_more = len(rows) > PER_PAGE
    results.hits = [Hit(r.kind, r.ref_id, r.parent_id, r.title, snippet(r.body or r.title, results.words), r.year)
                    for r in rows[:PER_PAGE]]
    return results


def snippet(body: str, words: list[str], width: int = SNIPPET) -> list[tuple[str, bool]]:
    """About `width` characters of `body` around the first matched word, split into plain and matched pieces.

    A folded word is matched in the text as written through a character class per letter ("diem" as
    "[dđ…][iìíỉĩị…][eèéẻẽẹêềếểễệ…]m"), so "Điểm nóng" is highlighted for the query "diem nong" without folding
    the text (a plan's 100,000 characters took milliseconds per hit); a word ending in "*" also matches as a
    prefix."""
    patterns = [_word_pattern(word) for word in words]
    body, before, after = body or "", False, False
    if len(body) > 4 * width:  # cut a window around the first match before cleaning it
        found = _any_word(tuple(words)).search(_lower(body))  # one pass, to the first of any word
        first = found.start() if found else 0
        before, after = first - 2 * width > 0, first + 2 * width < len(body)
        body = body[max(0, first - 2 * width):first + 2 * width]
    plain = re.sub(r"[#*_>`|\[\]]+", " ", body)
    plain = re.sub(r"\s+", " ", plain).strip()
    lowered = _lower(plain)
    spans = sorted((found.start(), found.end()) for pattern in patterns for found in pattern.finditer(lowered))
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
    if start > 0 or before:
        pieces.insert(0, ("…", False))
    if end < len(plain) or after:
        pieces.append(("…", False))
    return [(t, m) for t, m in pieces if t]


def _letter_classes() -> dict[str, str]:
    """{folded letter: a regex class of every lower-case letter that folds to it}."""
    variants: dict[str, set[str]] = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)) + [0x110, 0x111]:
        char = chr(code).lower()
        folded = fold(char)
        if len(char) == 1 and len(folded) == 1 and folded.isalnum() and folded.isascii():
            variants.setdefault(folded, {folded}).add(char)
    return {letter: "[" + "".join(sorted(chars)) + "]" for letter, chars in variants.items()}


_CLASSES = _letter_classes()


@lru_cache(maxsize=512)
def _word_pattern(word: str) -> re.Pattern:
    return re.compile(_word_regex(word))


@lru_cache(maxsize=128)
def _any_word(words: tuple[str, ...]) -> re.Pattern:
    """Any of the words: a hit's text searched once to the first of them, not once per word to its end (a plan's
    14 KB read three times for "107-KL/TW", 20 hits a page)."""
    return re.compile("|".join(f"(?:{_word_regex(word)})" for word in words) or "(?!)")


def _word_regex(word: str) -> str:
    prefix = word.endswith("*")
    body = "".join(_CLASSES.get(ch, re.escape(ch)) for ch in word.rstrip("*"))
    return rf"(?<!\w){body}" + ("" if prefix else r"(?!\w)")


def _lower(value: str) -> str:
    """Lower case, one character for one (so offsets line up with `value`)."""
    lowered = value.lower()
    if len(lowered) != len(value):
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in value)
    return lowered
