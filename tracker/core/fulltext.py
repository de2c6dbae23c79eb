"""Matching folded Vietnamese text against the search index (table `search_entry`, kept by tracker.search): the
query's tokens, the engine's query syntax (FTS5 on SQLite, tsquery on PostgreSQL), and "ids of kind X that match",
which any list can use as a filter without depending on the search domain."""
from __future__ import annotations

import re

from sqlalchemy import Float, Integer, Select, column, func, literal_column, select, table, text

from tracker.core.vntext import ABBREVIATIONS, fold
from tracker.extensions import db

MAX_TOKENS = 12
_SAFE = re.compile(r"[^0-9a-z]")
entries = table("search_entry", column("id", Integer), column("kind"), column("ref_id", Integer),
                column("folded"))


def alternatives(query: str) -> list[list[str]]:
    """Each folded token of the query with its spelled-out abbreviation ("ubnd" or "uy ban nhan dan")."""
    groups = []
    for token in fold(query or "").split()[:MAX_TOKENS]:
        token = _SAFE.sub("", token)
        if not token:
            continue
        spelled = fold(ABBREVIATIONS[token]) if token in ABBREVIATIONS else None
        groups.append([token] + ([spelled] if spelled else []))
    return groups


def last_is_prefix(groups: list[list[str]]) -> bool:
    """Whether the query's last word is matched as a prefix (a word being typed): alone ("quanh"), or a syllable of
    one or two letters after others ("khieu na"). A longer last syllable after others is a whole word: "báo cáo
    định kỳ quý" means quý, not quyết and quyền, and the prefix cost a common phrase a third of its time."""
    if not groups:
        return False
    last = groups[-1][0]
    return len(last) >= 2 and (len(groups) == 1 or len(last) <= 2)


def fts5_query(groups: list[list[str]]) -> str:
    parts = []
    prefix = last_is_prefix(groups)
    for n, group in enumerate(groups):
        last = n == len(groups) - 1 and prefix
        options = [f'"{alt}"' + ("*" if last and " " not in alt else "") for alt in group]
        parts.append("(" + " OR ".join(options) + ")")
    return " AND ".join(parts)


def pg_query(groups: list[list[str]]) -> str:
    parts = []
    prefix = last_is_prefix(groups)
    for n, group in enumerate(groups):
        last = n == len(groups) - 1 and prefix
        options = []
        for alt in group:
            words = alt.split()
            options.append(" <-> ".join(words) + (":*" if last and len(words) == 1 else ""))
        parts.append("(" + " | ".join(f"({o})" for o in options) + ")")
    return " & ".join(parts)


def pg_rank_query(groups: list[list[str]]) -> str:
    """The words of pg_query joined by OR, for ranking the matches (never for matching: pg_query decides what
    matches). PostgreSQL's ts_rank reads only the query's top operator: under AND it weighs every pair of the
    words' positions (how close they stand), under OR how often each word occurs. A common phrase matches 32,000
    entries, and the pairs cost a third of ranking them (20 of 60 ms); closeness is asked after, of the best
    few hundred only (closeness()), so the first cut needs only how much an entry speaks of the words."""
    prefix = last_is_prefix(groups)
    words: list[str] = []
    for n, group in enumerate(groups):
        last = n == len(groups) - 1 and prefix
        for alt in group:
            parts = alt.split()
            for word in parts:
                word += ":*" if last and len(parts) == 1 else ""
                if word not in words:
                    words.append(word)
    return " | ".join(words)


def pg_tsquery(groups: list[list[str]]):
    return func.to_tsquery(literal_column("'simple'"), pg_query(groups))


def closeness(vector, tsquery):
    """PostgreSQL: the cover-density rank of `vector` (how close together the query's syllables stand: "khiếu nại
    tố cáo" as a phrase before the four words scattered through a text), for re-ranking a capped set of matches;
    about ten times dearer than ts_rank, so never computed for every match of a common phrase."""
    return func.ts_rank_cd(vector, tsquery)


def is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def matches(groups: list[list[str]], folded_column, id_column, ranked: bool = True):
    """(where-clause, rank expression, extra join or None) matching `groups` on the index columns given. On
    PostgreSQL the plain condition on the stored tsvector (migration 0020, GIN-indexed), merged into the caller's
    query and never ranked here: the search ranks in a statement of its own (tracker.search.queries._pg_page)."""
    if is_postgresql():
        vector = literal_column(f"{folded_column.table.name}.tsv")
        return vector.op("@@")(pg_tsquery(groups)), None, None
    fts = (text("SELECT rowid AS id, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH :q")
           .bindparams(q=fts5_query(groups)).columns(id=Integer, score=Float).subquery("fts"))
    return fts.c.id == id_column, fts.c.score, fts


def matching_ids(kind: str, query: str) -> Select | None:
    """SELECT of the ids of `kind` rows ("task", "document" …) whose indexed text matches `query`; None for a query
    without words (no filter)."""
    groups = alternatives(query)
    if not groups:
        return None
    where, _, fts = matches(groups, entries.c.folded, entries.c.id, ranked=False)
    stmt = select(entries.c.ref_id).where(entries.c.kind == kind)
    if fts is not None:
        stmt = stmt.join(fts, where)
    else:
        stmt = stmt.where(where)
    return stmt
