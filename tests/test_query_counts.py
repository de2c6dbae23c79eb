"""Issue 20: the monitor view, its .xlsx and the search run the same number of SQL statements whether 10 or
1,000 rows match (speed itself is measured in bench/, never here)."""
import re
from datetime import date

from tracker.plans.models import Assignment, Task
from tracker.search.indexer import reindex_all

WORD = "quanhzzz"


def _plan(session, unit, title):
    from tracker.plans import services as plan_services

    document = plan_services.create_document(
        actor=None, doc_type="KH", number_text=None, issued_on=None, issued_year=2026, issuer=unit,
        issuer_name=None, title=title, body_md=None, place=None, signer_authority=None, signer_position=None,
        signer_name=None)
    session.flush()
    return document


def _tasks(session, document_id, lead_id, other_ids, n, start=0):
    """`n` tasks with the marker word, each led by one unit with others coordinating (several assignments per
    row, so a list that loaded them per task would show)."""
    tasks = [Task(document_id=document_id, text=f"Nhiệm vụ đo số {start + i} tuần tra {WORD}", position=start + i,
                  due_on=date(2026, 6, 1 + i % 28), status=("done", "in_progress", "claimed", "not_started")[i % 4])
             for i in range(n)]
    session.add_all(tasks)
    session.flush()
    session.add_all([Assignment(task_id=t.id, unit_id=lead_id, role="lead") for t in tasks]
                    + [Assignment(task_id=t.id, unit_id=u, role="coordinate") for t in tasks for u in other_ids])
    session.commit()


def _count(client, count_queries, url):
    client.get(url)  # warm: the first request after login fills the user's caches
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    # Loading the signed-in user is one statement per request in service; the test's long-lived session may or
    # may not still hold the user between two requests, so that statement is left out of the comparison.
    return sum(1 for s in counter.statements if not re.match(r'\s*SELECT "?user"?\.id', s)), response


def test_monitor_view_export_and_search_queries_constant(session, as_role, count_queries, unit_named):
    police = unit_named("Công an phường Vị Khê").id
    ubnd = unit_named("Ủy ban nhân dân phường Vị Khê")
    others = [ubnd.id, unit_named("Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê").id]
    document = _plan(session, ubnd, "Kế hoạch đo số câu lệnh").id
    _tasks(session, document, police, others, 10)
    reindex_all()
    session.commit()
    client = as_role("secretariat")
    urls = ["/tasks/monitor", f"/tasks/monitor?q={WORD}", f"/tasks/monitor/export.xlsx?q={WORD}",
            f"/search/?q={WORD}", f"/search/?q=tuan+tra+{WORD}&kind=task"]
    small = {}
    for url in urls:
        small[url], response = _count(client, count_queries, url)
    assert "10 nhiệm vụ, xếp" in _count(client, count_queries, urls[1])[1].get_data(as_text=True)

    _tasks(session, document, police, others, 990, start=10)
    reindex_all()
    session.commit()
    large = {}
    for url in urls:
        large[url], response = _count(client, count_queries, url)
        if url == urls[1]:
            page = response.get_data(as_text=True)
            assert "1000 nhiệm vụ, xếp" in page and page.count('class="task-row"') == 50
        if url == urls[2]:
            import io

            from openpyxl import load_workbook
            sheet = load_workbook(io.BytesIO(response.get_data())).active
            assert sum(1 for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]) == 1000
        if url == urls[3]:
            assert response.get_data(as_text=True).count(WORD) >= 20  # a full page of hits
    assert small == large, {u: large[u] for u in urls}
    assert large["/tasks/monitor"] <= 13 and large[urls[3]] <= 6, large
