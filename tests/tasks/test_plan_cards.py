"""A plan's "tasks by unit" page: its unit cards and chart counts are written in Python (tasks/badges.py) and
give the same HTML as the Jinja loop they replace, escaped."""
import re
from datetime import date
from types import SimpleNamespace

from tracker.tasks import badges
from tracker.tasks.queries import PlanLine, PlanUnit

# The loop of templates/tasks/plan.html before plan_unit_cards, kept here as the reference (with the card's id
# added since, the anchor of a unit's card).
REFERENCE = """{% from "tasks/_badges.html" import state_badge, status_badge, role_badge, deadline with context %}
{% for unit, rows in groups %}
<div class="card mb-3 unit-group" id="unit-{{ unit.id }}"><div class="card-header bg-white d-flex flex-wrap gap-2 align-items-center">
  <span class="fw-semibold me-auto">{{ unit.name }}</span>
  {% set states = rows|map(attribute=2)|list %}
  {% for key in ['overdue', 'due_soon', 'done_on_time', 'done_late'] %}
    {% set n = states|select('equalto', key)|list|length %}
    {% if n %}<span class="badge text-bg-{{ TASK_STATE_BADGES[key] }}">{{ TASK_STATE_LABELS[key] }}: {{ n }}</span>
    {% endif %}{% endfor %}
  <span class="badge text-bg-light border">{{ rows|length }} nhiệm vụ</span>
</div>
<ul class="list-group list-group-flush">
  {% for task, assignment, state in rows %}
  <li class="list-group-item d-flex flex-wrap gap-2 align-items-center">
    {{ role_badge(assignment.role) }}
    <a class="me-auto" href="{{ url_for('tasks.detail', task_id=task.id) }}">{{ task.text|truncate(150) }}</a>
    <span class="small text-nowrap">{{ deadline(task) }}</span>{{ status_badge(task.status) }}{{ state_badge(state) }}
  </li>
  {% endfor %}
</ul></div>
{% endfor %}"""


def _task(task_id, text, status="in_progress", due=None, phrase=None, position=0):
    return SimpleNamespace(id=task_id, text=text, status=status, due_on=due, deadline_phrase=phrase,
                           position=position)


def _groups():
    first = _task(7, "Rà soát <b>đơn</b> khiếu nại & tố cáo " + "rất dài " * 30, due=date(2025, 4, 30))
    second = _task(8, "Báo cáo định kỳ", status="done", phrase="Hằng quý")
    third = _task(9, "Tuyên truyền", status="not_started")
    return [(PlanUnit(5, "Công an <tỉnh> & X", "cong an"), [(first, PlanLine(5, "lead"), "overdue"),
                                                           (second, PlanLine(5, "coordinate"), "done_on_time"),
                                                           (third, PlanLine(5, "request"), "no_deadline")]),
            (PlanUnit(6, "Thanh tra tỉnh", "thanh tra"), [(first, PlanLine(6, "coordinate"), "overdue"),
                                                         (third, PlanLine(6, "lead"), "due_soon")])]


def test_unit_cards_are_the_html_of_the_jinja_loop_they_replace(app):
    with app.test_request_context("/"):
        env = app.jinja_env
        expected = env.from_string(REFERENCE).render(groups=_groups(), **_labels())
        detail_base = "/tasks/"
        got = str(badges.plan_unit_cards(_groups(), detail_base=detail_base))
    squash = lambda html: re.sub(r"\s+", "", html)  # noqa: E731
    assert squash(got) == squash(expected)
    assert "<b>" not in got and "&lt;b&gt;đơn&lt;/b&gt;" in got and "Công an &lt;tỉnh&gt; &amp; X" in got
    assert got.count('href="/tasks/7"') == 2  # the task under each of its units


def test_cards_past_the_budget_keep_their_counts_and_fold_their_lines(app):
    """Whole cards while their lines fit the budget; after that a card keeps its header and counts and links to
    the unit's own card (htmx swaps it in place)."""
    with app.test_request_context("/"):
        got = str(badges.plan_unit_cards(_groups(), detail_base="/tasks/", budget=3, unit_base="/tasks/plan/1?unit="))
        whole = str(badges.plan_unit_cards(_groups(), detail_base="/tasks/", budget=5, unit_base="/tasks/plan/1?unit="))
    first, second = got.split('id="unit-6"')
    assert first.count("list-group-item") == 3 and "unit-unfold" not in first
    assert "list-group-item" not in second and "Quá hạn: 1" in second and "Sắp đến hạn: 1" in second
    assert 'href="/tasks/plan/1?unit=6" hx-get="/tasks/plan/1?unit=6"' in second and "Xem 2 nhiệm vụ" in second
    assert "unit-unfold" not in whole and whole.count("list-group-item") == 5


def test_chart_counts_per_unit(app):
    counts = dict((unit.name, c) for unit, c in badges.state_counts(_groups()))
    assert counts["Thanh tra tỉnh"] == {"overdue": 1, "due_soon": 1}
    assert counts["Công an <tỉnh> & X"] == {"overdue": 1, "done_on_time": 1, "no_deadline": 1}


def test_chart_keeps_the_units_with_most_overdue_tasks():
    """Past the limit, the chart's bars are the units with most overdue (then due-soon) tasks, most first."""
    task = _task(1, "Việc")
    groups = [(PlanUnit(i, f"Đơn vị {i}", f"{i:03}"), [(task, PlanLine(i, "lead"), "overdue")] * (i % 4)
               + [(task, PlanLine(i, "lead"), "due_soon")] * (i % 3) + [(task, PlanLine(i, "lead"), "in_time")])
              for i in range(1, 31)]
    chart = badges.state_counts(groups, limit=10)
    ranks = [(counts.get("overdue", 0), counts.get("due_soon", 0)) for _, counts in chart]
    assert len(chart) == 10 and ranks == sorted(ranks, reverse=True)
    assert ranks[0] == (3, 2) and min(ranks) >= max((i % 4, i % 3) for i in range(1, 31)
                                                    if f"Đơn vị {i}" not in {u.name for u, _ in chart})
    assert [u.name for u, _ in badges.state_counts(groups[:10], limit=10)] == [f"Đơn vị {i}" for i in range(1, 11)]


def test_no_units_no_cards(app):
    with app.test_request_context("/"):
        assert str(badges.plan_unit_cards([], detail_base="/tasks/")) == ""


def _labels():
    from tracker.tasks.deadlines import STATE_BADGES, STATE_LABELS
    return {"TASK_STATE_BADGES": STATE_BADGES, "TASK_STATE_LABELS": STATE_LABELS}
