"""A plan's "tasks by unit" page: its unit cards and chart counts are written in Python (tasks/badges.py) and
give the same HTML as the Jinja loop they replace, escaped."""
import re
from datetime import date
from types import SimpleNamespace

from tracker.tasks import badges
from tracker.tasks.queries import PlanLine, PlanUnit

# The loop of templates/tasks/plan.html before plan_unit_cards, kept here as the reference.
REFERENCE = """{% from "tasks/_badges.html" import state_badge, status_badge, role_badge, deadline with context %}
{% for unit, rows in groups %}
<div class="card mb-3 unit-group"><div class="card-header bg-white d-flex flex-wrap gap-2 align-items-center">
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


def test_chart_counts_per_unit(app):
    counts = dict((unit.name, c) for unit, c in badges.state_counts(_groups()))
    assert counts["Thanh tra tỉnh"] == {"overdue": 1, "due_soon": 1}
    assert counts["Công an <tỉnh> & X"] == {"overdue": 1, "done_on_time": 1, "no_deadline": 1}


def test_no_units_no_cards(app):
    with app.test_request_context("/"):
        assert str(badges.plan_unit_cards([], detail_base="/tasks/")) == ""


def _labels():
    from tracker.tasks.deadlines import STATE_BADGES, STATE_LABELS
    return {"TASK_STATE_BADGES": STATE_BADGES, "TASK_STATE_LABELS": STATE_LABELS}
