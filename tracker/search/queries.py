"""The search: folded tokens matched by the engine's full-text index, ranked, scoped to what the user may see in
SQL (one statement per page of results, whatever the number of matches), with snippets cut around the words."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import (Integer, String, and_, bindparam, case, exists, false, func, literal, literal_column, not_, or_,
                        select, true, union_all)
from sqlalchemy.orm import aliased

from tracker.core.docnumber import DocNumberError, parse_doc_number
from tracker.core import fulltext, generations
from tracker.core.db import int_array
from tracker.core.vntext import fold
from tracker.extensions import db
from tracker.plans.matching import own_units
from tracker.plans.models import Assignment, Document, Task
from tracker.plans.queries import document_scope, visible_documents_clause
from tracker.reports.models import Report
from tracker.reports.queries import reports_for_user
from tracker.search.models import KIND_LABELS, SearchEntry
from tracker.tasks.models import TaskUpdate
from tracker.tasks.queries import listed_clause, visible_clause, visible_id_list
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of, is_whole_tree

PER_PAGE = 20
RERANKED = 200  # matches re-ranked by the closeness of their words (PostgreSQL)
CANDIDATES = 2  # × the matches a page needs: how many best matches are asked for visibility first (PostgreSQL)
SNIPPET = 220
MAX_PAGE = 50  # pages of results one may turn to
MAX_UNIT_CHOICES = 1000  # units offered by the page's unit and issuer filters


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


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to besides its words (each None: not narrowed)."""

    kind: str | None = None
    year: int | None = None
    status: str | None = None  # a task status: the tasks in it and the updates on them
    unit_id: int | None = None  # within this unit: tasks given to it, its updates and reports, its documents, units
    issuer_id: int | None = None  # issued within this unit: its documents, their tasks and updates, its reports

    @property
    def narrowing(self) -> tuple[bool, bool, bool]:
        """Which of status, unit and issuer are set: the shape of the statement, not its values."""
        return self.status is not None, self.unit_id is not None, self.issuer_id is not None


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


def _pg_page(user, groups: list[list[str]], exact: list[int], filters: Filters, offset: int) -> tuple:
    """PostgreSQL: (the statement of a page of hits, its parameters). The statement depends only on who asks
    (role, unit) and the page's shape, never on the words: it is built once and kept until what anyone may see
    changes (core.generations), since building it (the user's task ids, their plans' rule, their reports, the
    statement itself) was half of a search page's time in Python (rare word: 30 of its 46 ms outside SQL → 15)."""
    needed = max(RERANKED, offset + PER_PAGE + 1)
    kind = filters.kind if filters.kind in KIND_LABELS else None
    year, narrowing = bool(filters.year), filters.narrowing
    who = (getattr(user, "is_authenticated", False), getattr(user, "role", None), getattr(user, "unit_id", None))
    stmt = generations.kept(generations.VISIBILITY, ("search", who, bool(exact), kind, year, narrowing, needed),
                            lambda: _pg_statement(user, bool(exact), kind, year, narrowing, needed), statement=True)
    return stmt, {"search_query": fulltext.pg_query(groups), "search_rank_query": fulltext.pg_rank_query(groups),
                  "search_exact": list(exact), "search_year": filters.year, "search_status": filters.status,
                  "search_unit": filters.unit_id, "search_issuer": filters.issuer_id,
                  "search_offset": offset, "search_limit": PER_PAGE + 1}


def _pg_statement(user, exact: bool, kind: str | None, year: bool, narrowing: tuple[bool, bool, bool],
                  needed: int):
    """The statement of _pg_page. A common phrase ("khiếu nại tố cáo") matches 32,000 of the
    country's 320,000 entries, so what is asked of each match is what costs:
    1. the matches come from the GIN index; visibility is one condition per row (_visible: a hash probe of the
       user's task ids for tasks and updates, a document asked by id, reports against the user's reports), and
       ts_rank of an entry's first 1,500 characters, by how often it says the words (fulltext.pg_rank_query:
       how close they stand is asked in step 3), is computed only for the rows it keeps;
    2. a user who sees part of the country (a province: 1,000 of the 32,000) has visibility asked of every match
       in the scan itself, so only theirs are ranked; a user who sees nearly all (the centre, an admin) has every
       match ranked, and visibility asked only of the best CANDIDATES × the page's need (the best visible
       matches are among them: exact), of every match only when too few of those were visible (a one-time filter
       in the same statement, never run in practice);
    3. the best RERANKED visible matches (at least down to this page) read in full and re-ordered by how close
       the words stand in their first 1,500 characters (cover density, ten times dearer than ts_rank, so never
       for every match)."""
    tsquery = func.to_tsquery(literal_column("'simple'"), bindparam("search_query", type_=String))
    ranking = func.to_tsquery(literal_column("'simple'"), bindparam("search_rank_query", type_=String))
    # One object: the statement may ask it twice (its unit tree is a named CTE); nothing for an administrator.
    reports = _report_ids(user) if getattr(user, "role", None) != "admin" else None

    def matches(*where):
        found = select(SearchEntry.id, SearchEntry.kind, SearchEntry.ref_id, SearchEntry.parent_id,
                       _rank("search_entry", ranking).label("score"))
        found = found.where(literal_column("search_entry.tsv").op("@@")(tsquery), *where)
        if kind:
            found = found.where(SearchEntry.kind == kind)
        if year:
            found = found.where(SearchEntry.year == bindparam("search_year", type_=Integer))
        status, unit, issuer = narrowing
        found = found.where(*_narrowed(
            SearchEntry.__table__.c, status=bindparam("search_status", type_=String) if status else None,
            unit=bindparam("search_unit", type_=Integer) if unit else None,
            issuer=bindparam("search_issuer", type_=Integer) if issuer else None))
        return found.subquery()

    def best(rows, *where, limit: int = needed, columns=()):
        """The `limit` best of `rows` (the documents whose number is the query first): ids and that first key."""
        first = case((and_(rows.c.kind == "document",
                           rows.c.ref_id.in_(bindparam("search_exact", expanding=True))), 0), else_=1) if exact \
            else literal(1)
        return (select(rows.c.id, first.label("first"), *columns).where(*where)
                .order_by(first, rows.c.score.desc(), rows.c.id.desc()).limit(limit))

    if _sees_nearly_all(user):
        found = matches()
        candidates = best(found, limit=CANDIDATES * needed,
                          columns=(found.c.kind, found.c.ref_id, found.c.parent_id, found.c.score)).cte("candidates")
        cut = best(candidates, _visible(user, candidates.c, reports)).cte("best_cut")
        # Too few visible among the candidates, and there may be more matches than the candidates.
        too_few = and_(select(func.count()).select_from(cut).scalar_subquery() < needed,
                       select(func.count()).select_from(candidates).scalar_subquery() >= CANDIDATES * needed)
        chosen = union_all(select(cut.c.id, cut.c.first).where(not_(too_few)),
                           best(matches(_visible(user, SearchEntry.__table__.c, reports), too_few))
                           ).subquery("best")
    else:
        chosen = best(matches(_visible(user, SearchEntry.__table__.c, reports))).subquery("best")
    return (_with_text(select(*_hit_columns()).join(chosen, chosen.c.id == SearchEntry.id))
            .order_by(chosen.c.first, fulltext.closeness(_head("search_entry"), tsquery).desc(),
                      SearchEntry.id.desc())
            .offset(bindparam("search_offset", type_=Integer)).limit(bindparam("search_limit", type_=Integer)))


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


def _visible(user, rows, reports):
    """Whether the user may see an entry of `rows` (columns kind, ref_id, parent_id), asked row by row: the same
    predicates as _scope and the pages, with the user's task ids as one hashed array on PostgreSQL (an update is
    seen with its task, parent_id); `reports` the ids of the user's reports (_report_ids)."""
    if getattr(user, "role", None) == "admin":
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    document = exists(select(Document.id).where(Document.id == rows.ref_id, visible_documents_clause(user)))
    return or_(and_(rows.kind == "task", _task_listed(user, rows.ref_id)),
               and_(rows.kind == "update", _task_listed(user, rows.parent_id)),
               and_(rows.kind == "document", document),
               rows.kind == "unit",
               and_(rows.kind == "report", rows.ref_id.in_(reports)))


def _narrowed(rows, *, status=None, unit=None, issuer=None) -> list:
    """Conditions on entries `rows` (columns kind, ref_id, parent_id) for the filters given as SQL values (None:
    not narrowed), asked of each matching entry from its own table, so a status or an assignment changed a moment
    ago counts at once (the index keeps only text):
    - status: tasks in that status, and the updates on them;
    - unit: within the unit (itself and below): tasks given to it, alone or in a group, its updates and reports,
      the documents it issued, and the units themselves;
    - issuer: issued within the unit: its documents, their tasks and the updates on those, its reports."""
    def row_of(model, column, *where):  # the entry's own row, with a condition on it
        return exists(select(model.id).where(model.id == column, *where))

    where = []
    if status is not None:
        where.append(or_(and_(rows.kind == "task", row_of(Task, rows.ref_id, Task.status == status)),
                         and_(rows.kind == "update", row_of(Task, rows.parent_id, Task.status == status))))
    if unit is not None:
        below = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == unit)
        where.append(or_(
            and_(rows.kind == "task", exists(select(Assignment.id).where(Assignment.task_id == rows.ref_id,
                                                                         Assignment.unit_id.in_(below)))),
            and_(rows.kind == "update", row_of(TaskUpdate, rows.ref_id, TaskUpdate.unit_id.in_(below))),
            and_(rows.kind == "report", row_of(Report, rows.ref_id, Report.unit_id.in_(below))),
            and_(rows.kind == "document", row_of(Document, rows.ref_id, Document.issuer_id.in_(below))),
            and_(rows.kind == "unit", rows.ref_id.in_(below))))
    if issuer is not None:
        below = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == issuer)

        def plan_issued(task_column):
            return exists(select(Task.id).join(Document, Document.id == Task.document_id)
                          .where(Task.id == task_column, Document.issuer_id.in_(below)))
        where.append(or_(
            and_(rows.kind == "document", row_of(Document, rows.ref_id, Document.issuer_id.in_(below))),
            and_(rows.kind == "task", plan_issued(rows.ref_id)),
            and_(rows.kind == "update", plan_issued(rows.parent_id)),
            and_(rows.kind == "report", row_of(Report, rows.ref_id, Report.unit_id.in_(below)))))
    return where


def unit_choices(user) -> list[tuple[int, str]]:
    """(id, name) of the units the page's unit and issuer filters offer: the user's body's own units and the
    localities right below it (plans.matching.own_units, as a plan of the body assigns; not the country's 83,000)."""
    if not getattr(user, "unit_id", None):
        return []
    body = body_id_of(user.unit_id) or user.unit_id
    return [tuple(row) for row in db.session.execute(
        own_units(body).with_only_columns(Unit.id, Unit.name).limit(MAX_UNIT_CHOICES))]


def _task_listed(user, column):
    """listed_clause(user, column), with a body's task ids (PostgreSQL) as a hashed set rather than `= ANY(array)`:
    the planner estimates an ANY over a column with statistics one element at a time (a province's 2,000 ids
    twice: 6 ms of planning a search)."""
    ids = visible_id_list(user)
    if ids:
        return column.in_(select(func.unnest(int_array(ids))))
    return listed_clause(user, column)


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


def search(user, query: str, kind: str | None = None, year: int | None = None, page: int = 1, *,
           status: str | None = None, unit_id: int | None = None, issuer_id: int | None = None) -> Results:
    """A page of hits for `query` that `user` may see, best first, narrowed by the filters given."""
    filters = Filters(kind=kind, year=year, status=status, unit_id=unit_id, issuer_id=issuer_id)
    query = (query or "").strip()[:200]
    groups = fulltext.alternatives(query)
    # The last word may be a prefix, being typed ("khieu na": fulltext.last_is_prefix); the others are whole words.
    last = groups[-1][0] if groups else ""
    results = Results(query=query, words=sorted({w for g in groups for alt in g for w in alt.split()}
                                                | ({last + "*"} if fulltext.last_is_prefix(groups) else set())))
    if not groups:
        return results
    exact = _number_ids(query)
    page = max(1, min(page, MAX_PAGE))
    offset = (page - 1) * PER_PAGE
    if fulltext.is_postgresql():
        stmt, params = _pg_page(user, groups, exact, filters, offset)
    else:
        stmt = _with_text(select(*_hit_columns())).where(_scope(user))
        first = case((and_(SearchEntry.kind == "document", SearchEntry.ref_id.in_(exact)), 0), else_=1) if exact \
            else literal(1)
        where, rank, fts = fulltext.matches(groups, SearchEntry.folded, SearchEntry.id)
        stmt = stmt.join(fts, where) if fts is not None else stmt.where(where)
        if kind in KIND_LABELS:
            stmt = stmt.where(SearchEntry.kind == kind)
        if year:
            stmt = stmt.where(SearchEntry.year == year)
        stmt = stmt.where(*_narrowed(SearchEntry.__table__.c, status=status, unit=unit_id, issuer=issuer_id))
        stmt, params = stmt.order_by(first, rank, SearchEntry.id.desc()).offset(offset).limit(PER_PAGE + 1), {}
    rows = db.session.execute(stmt, params).all()
    results.has_more = len(rows) > PER_PAGE
    for row in rows[:PER_PAGE]:
        title, body = hit_text(row)
        results.hits.append(Hit(row.kind, row.ref_id, row.parent_id, title, snippet(body or title, results.words),
                                row.year))
    return results


# A hit's own row, where its heading and text are read from (a task, an update, a unit: search.indexer keeps no
# copy). Aliases, so the scope's and filters' correlated subqueries on these tables stay their own.
_HIT_TASK, _HIT_UPDATE, _HIT_UNIT = (aliased(Task, name="hit_task"), aliased(TaskUpdate, name="hit_update"),
                                     aliased(Unit, name="hit_unit"))
_HIT_PARENT = aliased(Unit, name="hit_parent")  # a unit's parent: the country has 63 "Ban Tiếp công dân tỉnh"


def _hit_columns() -> tuple:
    return (SearchEntry.kind, SearchEntry.ref_id, SearchEntry.parent_id, SearchEntry.title, SearchEntry.body,
            SearchEntry.year, _HIT_TASK.text.label("task_text"), _HIT_TASK.deadline_phrase.label("task_deadline"),
            _HIT_UPDATE.note_md.label("update_note"), _HIT_UNIT.name.label("unit_name"),
            _HIT_PARENT.name.label("parent_name"))


def _with_text(stmt):
    """`stmt` (over search_entry) joined to the hit's own row, for the columns of _hit_columns."""
    return (stmt.outerjoin(_HIT_TASK, and_(SearchEntry.kind == "task", _HIT_TASK.id == SearchEntry.ref_id))
            .outerjoin(_HIT_UPDATE, and_(SearchEntry.kind == "update", _HIT_UPDATE.id == SearchEntry.ref_id))
            .outerjoin(_HIT_UNIT, and_(SearchEntry.kind == "unit", _HIT_UNIT.id == SearchEntry.ref_id))
            .outerjoin(_HIT_PARENT, _HIT_PARENT.id == _HIT_UNIT.parent_id))


def hit_text(row) -> tuple[str, str]:
    """(heading, text) of a hit row of _hit_columns: a document's or report's from its entry, a task's, update's or
    unit's from its own row (a unit's text names the unit it is under: many units share a name)."""
    if row.kind == "task":
        text = row.task_text or ""
        return text[:300], f"{text}\n{row.task_deadline or ''}".strip()
    if row.kind == "update":
        return (row.update_note or "")[:300], row.update_note or ""
    if row.kind == "unit":
        name = row.unit_name or ""
        return name, f"{name} · trực thuộc {row.parent_name}" if row.parent_name else name
    return row.title, row.body


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
