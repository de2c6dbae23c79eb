"""A task list's row built in Python (tracker.tasks.badges.task_row): text and names escaped, long text cut as
Jinja's truncate cuts it, groups linked, the rest of a long list counted."""
from datetime import date
from types import SimpleNamespace

from tracker.tasks.badges import task_row
from tracker.tasks.queries import UnitLine


def _task(text: str):
    return SimpleNamespace(id=7, text=text, due_on=date(2025, 6, 30), deadline_phrase=None, status="in_progress",
                           progress=40)


def test_a_monitor_row_escapes_and_links(app):
    with app.app_context():
        roles = [("lead", [UnitLine("lead", "Công an <xã> & B")], 0),
                 ("coordinate", [UnitLine("coordinate", "UBND các xã", 12, group_id=3)], 5)]
        row = str(task_row(_task("Rà soát <b>điểm nóng</b> " + "x " * 100), None, "due_soon", roles,
                           detail_base="/tasks/", group_base="/tasks/group/"))
    assert '<tr class="task-row" data-task="7">' in row and '<a href="/tasks/7">' in row
    assert "&lt;b&gt;điểm nóng&lt;/b&gt;" in row and "<b>" not in row and row.count("x ") < 100
    assert "...</a>" in row  # cut by Jinja's own truncate
    assert "Công an &lt;xã&gt; &amp; B" in row
    assert '<a href="/tasks/group/3">UBND các xã</a> <span class="text-muted">(12 đơn vị)</span>' in row
    assert '<a class="text-muted" href="/tasks/7">… và 5 đơn vị khác</a>' in row
    assert row.count('class="unit-role"') == 2 and 'data-state="due_soon"' in row and "30/06/2025" in row


def test_a_units_own_row_shows_its_role(app):
    with app.app_context():
        row = str(task_row(_task("Báo cáo quý"), "coordinate", "on_track", detail_base="/t/", group_base="/g/"))
    assert "unit-role" not in row and 'class="badge text-bg-info"' in row and '<a href="/t/7">Báo cáo quý</a>' in row
