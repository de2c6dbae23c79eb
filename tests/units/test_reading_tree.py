"""units.queries.reading_tree: in a request that may write, a block that only reads the unit tree asks each unit's
body once (an import's review asked the issuer's body again for every unit a plan names); outside the block, and
after it, every question goes to the database."""
from __future__ import annotations

from sqlalchemy import event

from tracker.extensions import db
from tracker.units.queries import body_id_of, reading_tree


def _statements(app):
    seen: list[str] = []

    def listen(conn, cursor, statement, *rest):  # noqa: ANN001
        seen.append(statement)
    event.listen(db.engine, "before_cursor_execute", listen)
    return seen, lambda: event.remove(db.engine, "before_cursor_execute", listen)


def test_a_reading_block_asks_each_body_once_and_forgets_it_after(app, session, unit_named):
    police = unit_named("Công an phường Vị Khê")
    ward = unit_named("Phường Vị Khê")
    with app.test_request_context("/documents/import/", method="POST"):
        seen, stop = _statements(app)
        try:
            assert body_id_of(police.id) == ward.id
            assert body_id_of(police.id) == ward.id
            outside = len(seen)
            with reading_tree():
                assert body_id_of(police.id) == ward.id
                with reading_tree():  # nested: the same block
                    assert body_id_of(police.id) == ward.id
                assert body_id_of(police.id) == ward.id
            inside = len(seen) - outside
            assert body_id_of(police.id) == ward.id
            after = len(seen) - outside - inside
        finally:
            stop()
    assert outside == 2 and inside == 1 and after == 1
