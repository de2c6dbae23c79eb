"""The dashboard matrix's body built in Python: the same cells the template wrote, names escaped."""
import re

from datetime import date

from tracker.duties.matrix_html import matrix_body, matrix_periods, matrix_totals
from tracker.duties.queries import Matrix


def _matrix() -> Matrix:
    columns = [dict(duty_id=7, key="2025-Q1", label="Quý I/2025"), dict(duty_id=7, key="2025-Q2", label="Quý II/2025")]
    rows = [dict(unit_id=1, name="Xã <A> & B", parent="Huyện \"X\"", submitted=1, due=2, on_time=0, rate=50.0,
                 timely=0.0),
            dict(unit_id=2, name="Xã C", parent="Huyện \"X\"", submitted=0, due=0, on_time=0, rate=0.0, timely=0.0),
            dict(unit_id=3, name="Xã D", parent=None, submitted=1, due=1, on_time=1, rate=100.0, timely=100.0)]
    cells = {(1, 7, "2025-Q1"): dict(id=41, status="late", label="Nộp muộn", days_late=3),
             (1, 7, "2025-Q2"): dict(id=42, status="missing", label="Chưa nộp", days_late=0),
             (3, 7, "2025-Q1"): dict(id=43, status="on_time", label="Đúng hạn", days_late=0)}
    return Matrix(duties=[], all_duties=[], columns=columns, rows=rows, cells=cells)


def test_rows_cells_and_rates():
    html = str(matrix_body(_matrix(), "/duties/expected/"))
    assert re.findall(r'<tr data-unit="([^"]+)"', html) == ["Xã &lt;A&gt; &amp; B", "Xã C", "Xã D"]
    # one heading row each time the parent changes, spanning the columns plus name and two rates
    assert html.count('<tr class="table-group"><td colspan="5"') == 2
    assert "Huyện &#34;X&#34;" in html and "<A>" not in html
    assert ('<td class="text-center p-1 status-late" data-status="late" data-period="2025-Q1" data-duty="7">'
            '<a class="badge text-bg-warning text-decoration-none w-100" href="/duties/expected/41" '
            'title="Nộp muộn">Nộp muộn (3 ngày)</a></td>') in html
    assert 'href="/duties/expected/42" title="Chưa nộp">Chưa nộp</a>' in html
    assert html.count('<td class="text-center text-muted">–</td>') == 3  # C has no cell, D none in Q2
    assert "1/2<br>50\u00a0%" in html and "1/1<br>100\u00a0%" in html


def test_no_rows_no_html():
    matrix = _matrix()
    matrix.rows = []
    assert str(matrix_body(matrix, "/x/")) == ""


# What the template wrote before the periods' heading and footer moved to Python; the functions must write the same.
OLD_PERIODS = ("{% for c in m.columns %}<th class=\"text-center small text-nowrap\">{{ c.label }}{% if c.key != 'once' %}"
               "<div class=\"fw-normal text-muted\">hạn {{ c.due_on|vndate }}<span class=\"due-moved\">"
               "{{ c.due_on|due_note }}</span></div>{% endif %}</th>{% endfor %}")
OLD_TOTALS = ("{% for c in m.columns %}<td class=\"text-center small\">{% if c.due %}{{ c.submitted }}/{{ c.due }} "
              "({{ c.rate|percent }})<br>đúng hạn {{ c.timely|percent }}{% else %}chưa đến hạn{% endif %}</td>"
              "{% endfor %}")


def test_periods_heading_and_totals_as_the_template_wrote_them(app):
    matrix = _matrix()
    matrix.columns = [
        dict(duty_id=7, key="2025-Q1", label="Quý I/2025", due_on=date(2025, 4, 30), due=3, submitted=2,
             rate=66.6667, timely=33.3333),  # 30/4 is a holiday: the note says where it moves
        dict(duty_id=7, key="2025-Q2", label="Quý <II> & \"2025\"", due_on=date(2025, 7, 15), due=0, submitted=0,
             rate=0.0, timely=0.0),
        dict(duty_id=8, key="once", label="Một lần", due_on=date(2025, 5, 4), due=1, submitted=1, rate=100.0,
             timely=100.0),
        dict(duty_id=9, key="2025-Q1", label="Quý I/2025", due_on=date(2025, 4, 30), due=2, submitted=0, rate=0.0,
             timely=0.0),
        dict(duty_id=9, key="2025-H1", label="6 tháng", due_on=None, due=1, submitted=None, rate=None, timely=None)]
    with app.app_context():
        periods = app.jinja_env.from_string(OLD_PERIODS).render(m=matrix)
        totals = app.jinja_env.from_string(OLD_TOTALS).render(m=matrix)
    assert "do trùng ngày nghỉ" in periods and "&lt;II&gt;" in periods
    assert str(matrix_periods(matrix)) == periods
    assert str(matrix_totals(matrix)) == totals
