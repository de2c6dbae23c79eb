"""A plan page's "tasks by unit" card built in Python: counts per role, numbering as in the plan, deadlines,
everything escaped."""
from datetime import date
from types import SimpleNamespace

from tracker.plans.queries import UnitTasks
from tracker.plans.unit_tasks_html import tasks_by_unit_html


def _task(position: int, text: str, phrase=None, due=None):
    return SimpleNamespace(position=position, text=text, deadline_phrase=phrase, due_on=due)


def test_counts_numbers_deadlines_and_escaping(app):
    groups = [UnitTasks("Công an <tỉnh> & X", 5, [(_task(0, "Rà soát <b>đơn</b>"), "lead"),
                                                  (_task(3, "Báo cáo", "Trước ngày 30/4/2025", date(2025, 4, 30)),
                                                   "coordinate")]),
              UnitTasks("Nhiệm vụ chung (các cơ quan, đơn vị)", None, [(_task(1, "Tuyên truyền"), "general")])]
    with app.app_context():
        html = str(tasks_by_unit_html(groups))
    assert "Công an &lt;tỉnh&gt; &amp; X" in html and "<b>" not in html and "&lt;b&gt;đơn&lt;/b&gt;" in html
    assert '<span class="badge text-bg-primary">1 chủ trì</span> <span class="badge text-bg-info">1 phối hợp</span>' \
        in html and "đề nghị" not in html
    assert '<li value="1">Rà soát' in html and '<li value="4">Báo cáo' in html
    assert "Trước ngày 30/4/2025 · 30/04/2025" in html
    assert '<span class="badge text-bg-primary">0 chủ trì</span>' in html  # the general tasks' heading


def test_no_groups_no_html(app):
    with app.app_context():
        assert str(tasks_by_unit_html([])) == ""
