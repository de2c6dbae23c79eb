"""Visible task ids kept between requests (tracker.core.generations): on PostgreSQL the database's deferred
triggers move the generation once per committing transaction that changes what a body may see, a kept answer is
used until then, and never by a transaction that has written. SQLite keeps nothing (and moves nothing)."""
import os

import pytest
from sqlalchemy import select, text

from tests.conftest import ROLE_USERS, committed_app
from tracker.auth.services import create_user
from tracker.extensions import db
from tracker.plans.models import Assignment, Document, Task
from tracker.tasks import queries
from tracker.units.models import Unit, UnitClosure, User

pytestmark = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
                                reason="answers are kept on PostgreSQL only")


@pytest.fixture(scope="module")
def kept_app(tmp_path_factory):
    with committed_app(tmp_path_factory, "_kept") as app:
        yield app


def _generation() -> int:
    return db.session.scalar(text("SELECT value FROM cache_generation WHERE name = 'visibility'"))


def _committed(app, change) -> None:
    with app.app_context():
        change()
        db.session.commit()
        db.session.remove()


def _visible(app) -> list[int]:
    """The monitor's visible task ids, asked in a request of their own."""
    with app.test_request_context("/tasks/monitor"):
        user = db.session.scalar(select(User).where(User.username == ROLE_USERS["monitor"]))
        ids = queries.visible_id_list(user)
        db.session.remove()
        return ids


@pytest.fixture
def counted_reads(monkeypatch):
    reads = []
    original = queries._visible_ids

    def counting(user, scope):
        reads.append(scope)
        return original(user, scope)
    monkeypatch.setattr(queries, "_visible_ids", counting)
    return reads


def _outside_task(user_scope: int) -> Task:
    """A task of the demo that no unit of the monitor's body is given."""
    inside = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == user_scope)
    given_inside = select(Assignment.task_id).where(Assignment.unit_id.in_(inside))
    return db.session.scalars(select(Task).join(Document, Document.id == Task.document_id)
                              .where(Task.id.not_in(given_inside), Document.issuer_id.not_in(inside))
                              .order_by(Task.id)).first()


def test_the_generation_moves_once_per_transaction_that_changes_what_is_seen(kept_app):
    with kept_app.app_context():
        before = _generation()
        db.session.execute(text("UPDATE assignment SET unit_id = unit_id WHERE id IN (SELECT id FROM assignment "
                                "ORDER BY id LIMIT 3)"))
        db.session.commit()
        assert _generation() == before + 1  # three rows, one transaction
        db.session.execute(text("UPDATE task SET status = status, progress = progress"))  # not watched
        db.session.commit()
        assert _generation() == before + 1
        db.session.execute(text("UPDATE document SET issuer_id = issuer_id WHERE id = (SELECT min(id) FROM document)"))
        db.session.rollback()  # rolled back: nothing moves
        assert _generation() == before + 1
        db.session.execute(text("UPDATE unit_closure SET depth = depth WHERE ancestor_id = descendant_id "
                                "AND ancestor_id = (SELECT min(id) FROM unit)"))
        db.session.commit()
        assert _generation() == before + 2
        db.session.execute(text("UPDATE unit SET kind = kind WHERE id = (SELECT min(id) FROM unit)"))
        db.session.commit()
        assert _generation() == before + 3
        db.session.remove()


def test_visible_ids_are_kept_until_an_assignment_is_committed(kept_app, counted_reads):
    first = _visible(kept_app)
    assert first is not None and len(counted_reads) == 1
    assert _visible(kept_app) == first and len(counted_reads) == 1  # kept: not read again

    def give_outside_task():
        user = db.session.scalar(select(User).where(User.username == ROLE_USERS["monitor"]))
        with kept_app.test_request_context("/"):
            scope = queries.scope_unit_id(user)
        task = _outside_task(scope)
        unit = db.session.scalar(select(Unit).join(UnitClosure, UnitClosure.descendant_id == Unit.id)
                                 .where(UnitClosure.ancestor_id == scope, UnitClosure.depth == 1))
        db.session.add(Assignment(task_id=task.id, unit_id=unit.id, role="coordinate"))
        give_outside_task.task_id = task.id
    _committed(kept_app, give_outside_task)
    after = _visible(kept_app)
    assert len(counted_reads) == 2 and give_outside_task.task_id in after and give_outside_task.task_id not in first


def test_a_transaction_that_has_written_reads_afresh(kept_app, counted_reads):
    _visible(kept_app)
    reads_before = len(counted_reads)
    with kept_app.test_request_context("/tasks/monitor"):
        user = db.session.scalar(select(User).where(User.username == ROLE_USERS["monitor"]))
        scope = queries.scope_unit_id(user)
        task = _outside_task(scope)
        unit = db.session.scalar(select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == scope,
                                                                         UnitClosure.depth == 1))
        db.session.add(Assignment(task_id=task.id, unit_id=unit, role="coordinate"))
        db.session.flush()  # written, not committed: no generation counts it yet
        ids = queries.visible_id_list(user)
        assert task.id in ids and len(counted_reads) == reads_before + 1
        db.session.rollback()
        db.session.remove()


def test_a_new_plan_of_the_users_body_is_seen_at_once(kept_app):
    """A ward member reads the plans issued within the bodies above them (their province's department's plan):
    the issuers' bodies are kept, and a plan committed by a new issuer moves them."""
    from tracker.plans.queries import document_visible

    def member():
        return db.session.scalar(select(User).where(User.username == ROLE_USERS["member"]))

    with kept_app.test_request_context("/documents/"):
        user = member()
        bodies = set(db.session.scalars(
            select(UnitClosure.ancestor_id).join(Unit, Unit.id == UnitClosure.ancestor_id)
            .where(UnitClosure.descendant_id == user.unit_id, Unit.kind == "locality")))
        mine = select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == user.unit_id)
        issued = select(Document.issuer_id).where(Document.issuer_id.is_not(None))
        # a unit directly under one of the member's bodies, not above the member, that has issued nothing yet
        issuer = db.session.scalar(select(Unit.id).where(Unit.parent_id.in_(bodies), Unit.kind != "locality",
                                                         Unit.id.not_in(mine), Unit.id.not_in(issued))
                                   .order_by(Unit.id))
        assert issuer is not None
        existing = db.session.scalar(select(Document).order_by(Document.id))
        document_visible(user, existing)  # the issuers' bodies read and kept
        db.session.remove()

    def issue():
        db.session.add(Document(doc_type="KH", title="Kế hoạch mới của sở", issuer_id=issuer, is_reference=False))
    _committed(kept_app, issue)
    with kept_app.test_request_context("/documents/"):
        new = db.session.scalar(select(Document).where(Document.title == "Kế hoạch mới của sở"))
        assert document_visible(member(), new)
        db.session.remove()


def test_a_page_view_asks_the_generation_once_until_it_writes(kept_app, counted_reads):
    from sqlalchemy import event

    from tracker.core import generations

    asked = []

    def count(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if "FROM cache_generation" in statement:
            asked.append(statement)
    _visible(kept_app)  # kept
    with kept_app.test_request_context("/search/"):
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            user = db.session.scalar(select(User).where(User.username == ROLE_USERS["monitor"]))
            reads = len(counted_reads)
            first = queries.visible_id_list(user)
            assert generations.kept(generations.VISIBILITY, ("test", 1), lambda: "kept") == "kept"
            assert len(asked) == 1 and len(counted_reads) == reads  # one question for both answers, none read
            db.session.execute(text("UPDATE task SET status = status WHERE id = (SELECT min(id) FROM task)"))
            g_ids = generations.kept(generations.VISIBILITY, ("test", 1), lambda: "afresh")
            assert len(asked) == 2 and g_ids == "afresh"  # written: asked again, and not kept
            assert first is not None
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
            db.session.rollback()
            db.session.remove()


def test_a_search_statement_is_built_once_per_body_and_again_when_what_it_sees_changes(kept_app, monkeypatch):
    from tracker.search import queries as search_queries
    from tracker.search.indexer import reindex_all

    built = []
    original = search_queries._pg_statement

    def counting(user, *args):
        built.append(user.unit_id)
        return original(user, *args)
    monkeypatch.setattr(search_queries, "_pg_statement", counting)

    def found(words: str) -> set:
        with kept_app.test_request_context("/search/"):
            user = db.session.scalar(select(User).where(User.username == ROLE_USERS["monitor"]))
            hits = {(h.kind, h.ref_id) for h in search_queries.search(user, words).hits}
            db.session.remove()
            return hits

    def word_an_outside_task():
        user = db.session.scalar(select(User).where(User.username == ROLE_USERS["monitor"]))
        with kept_app.test_request_context("/"):
            scope = queries.scope_unit_id(user)
        task = _outside_task(scope)
        task.text += " vuzzkolm"
        word_an_outside_task.task_id, word_an_outside_task.scope = task.id, scope
    _committed(kept_app, word_an_outside_task)
    _committed(kept_app, reindex_all)
    task_id = word_an_outside_task.task_id
    assert ("task", task_id) not in found("vuzzkolm") and len(built) == 1
    assert ("task", task_id) not in found("vuzzkolm ke hoach") and len(built) == 1  # other words: kept

    def give_it():
        unit = db.session.scalar(select(Unit).join(UnitClosure, UnitClosure.descendant_id == Unit.id)
                                 .where(UnitClosure.ancestor_id == word_an_outside_task.scope, UnitClosure.depth == 1))
        db.session.add(Assignment(task_id=task_id, unit_id=unit.id, role="coordinate"))
    _committed(kept_app, give_it)
    assert ("task", task_id) in found("vuzzkolm") and len(built) == 2  # seen at once: built again


def test_a_read_only_with_statement_keeps_the_generation_and_a_writing_one_does_not():
    from tracker.core.generations import _reads_only

    assert _reads_only("SELECT 1") and _reads_only("  select id FROM task")
    assert _reads_only("WITH RECURSIVE own_units(id) AS (SELECT unit.id FROM unit) SELECT id FROM own_units")
    assert _reads_only("WITH t AS (SELECT 1 AS update_count) SELECT * FROM t")
    assert not _reads_only("UPDATE task SET status = 'done'")
    assert not _reads_only("INSERT INTO task_update (task_id) VALUES (1)")
    assert not _reads_only("WITH moved AS (UPDATE task SET status = 'done' RETURNING id) SELECT count(*) FROM moved")
    assert not _reads_only("WITH gone AS (DELETE FROM assignment WHERE task_id = 1 RETURNING id) SELECT 1")


def test_a_units_body_is_kept_between_page_views_until_the_tree_changes(kept_app):
    from sqlalchemy import event

    from tracker.units import queries as unit_queries

    asked = []

    def count(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if "unit_closure" in statement and "FROM cache_generation" not in statement:
            asked.append(statement)

    def body_in_a_page_view(unit_id):
        with kept_app.test_request_context("/"):
            try:
                return unit_queries.body_id_of(unit_id), unit_queries.is_within(unit_id, unit_id)
            finally:
                db.session.remove()

    with kept_app.app_context():
        user = db.session.scalar(select(User).where(User.username == ROLE_USERS["member"]))
        unit_id = user.unit_id
        db.session.remove()
    event.listen(_engine(kept_app), "before_cursor_execute", count)
    try:
        first = body_in_a_page_view(unit_id)
        reads = len(asked)
        assert reads >= 1
        assert body_in_a_page_view(unit_id) == first and len(asked) == reads  # kept: no read of the tree

        def touch_the_tree():
            db.session.execute(text("UPDATE unit SET kind = kind WHERE id = :id"), {"id": first[0]})
        _committed(kept_app, touch_the_tree)
        assert body_in_a_page_view(unit_id) == first and len(asked) > reads  # the tree moved: read again
    finally:
        event.remove(_engine(kept_app), "before_cursor_execute", count)


def _engine(app):
    with app.app_context():
        return db.engine


def test_a_task_is_judged_visible_from_the_kept_ids_as_the_database_would(kept_app):
    """task_visible and visible_task_ids answer from the kept ids (a body), the kept hidden ids (the centre) or
    True (an administrator) in a page view: the same answers as visible_clause asked of the database."""
    def add_a_task_nobody_sees():  # a reference document (no issuer in the tree) whose task is given to no unit
        document = Document(doc_type="KH", title="Kế hoạch không rõ nơi ban hành", issuer_name="Nơi khác")
        db.session.add(document)
        db.session.flush()
        db.session.add(Task(document_id=document.id, text="Nhiệm vụ không giao cho ai", position=0))
        add_a_task_nobody_sees.document_id = document.id
        root = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
        centre = create_user(actor=None, username="noichinh.trunguong.kept", full_name="Ban Nội chính Trung ương",
                             password="matkhau-demo", role="monitor", unit=root)  # the whole tree: hidden ids
        db.session.flush()
        add_a_task_nobody_sees.centre_id = centre.id
    _committed(kept_app, add_a_task_nobody_sees)
    with kept_app.app_context():
        all_ids = list(db.session.scalars(select(Task.id).order_by(Task.id.desc())))
        users = list(db.session.scalars(select(User).order_by(User.id)))
        db.session.remove()
    assert len(users) >= 5
    try:
        _judged_as_the_database_would(kept_app, all_ids, [u.id for u in users])
    finally:
        def remove():
            db.session.delete(db.session.get(Document, add_a_task_nobody_sees.document_id))
            db.session.delete(db.session.get(User, add_a_task_nobody_sees.centre_id))
        _committed(kept_app, remove)


def _judged_as_the_database_would(kept_app, all_ids, user_ids):
    hidden_seen, by_hidden_ids = False, False
    for user_id in user_ids:
        with kept_app.test_request_context("/tasks/"):
            user = db.session.get(User, user_id)
            expected = set(db.session.scalars(select(Task.id).where(queries.visible_clause(user))))
            known = queries._known_visible(user)
            got = queries.visible_task_ids(user, all_ids)
            listed = queries.visible_id_list(user)
            one = {task.id for task in db.session.scalars(select(Task).order_by(Task.id.desc()).limit(40))
                   if queries.task_visible(user, task)}
            db.session.remove()
        assert got == expected, user.username
        assert one == expected & set(all_ids[:40]), user.username
        if user.role in ("admin", "monitor", "secretariat"):
            assert known is not None, user.username  # answered without asking the database
        hidden_seen |= user.role != "admin" and all_ids[0] not in expected
        by_hidden_ids |= known is not None and user.role != "admin" and listed is None
    assert hidden_seen and by_hidden_ids  # the task nobody is given was tested, also against the centre's list
