"""One work, two tracks: a ward task carrying out the party plan's task and the state plan's task counts once in
each roll-up, in each compiled report's roll-up, and covers both in coverage."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.tasks.conftest import TODAY
from tracker.core.exceptions import DomainError
from tracker.plans import services as plan_services
from tracker.plans.models import Document, Task
from tracker.tasks import rollups, services
from tracker.tasks.tracks import further_uppers, set_further_uppers, uppers_of


def _doc(number, issuer, title):
    return plan_services.create_document(
        actor=None, doc_type="KH", number_text=number, issued_on=date(2026, 5, 1), issued_year=None, issuer=issuer,
        issuer_name=None, title=title, body_md=None, place=None, signer_authority=None, signer_position=None,
        signer_name=None)


@pytest.fixture
def two_tracks(session, ward_plan, unit_named):
    party = _doc("45-KH/ĐU", unit_named("Đảng ủy phường Vị Khê"), "Kế hoạch của Đảng ủy phường")
    u = ward_plan.units
    party_task = services.create_task(actor=None, document=party, text="Lãnh đạo công tác tiếp công dân",
                                      assignments=[(u["vp"], "lead")], due_on=date(2026, 9, 30))
    state_task = ward_plan.lead_task
    lower = _doc("7/KH-VP", u["vp"], "Kế hoạch của Văn phòng")
    plan_services.link_documents(actor=None, child=lower, parent=ward_plan.document)
    plan_services.link_documents(actor=None, child=lower, parent=party)
    work = services.create_task(actor=None, document=lower, text="Bố trí lịch tiếp công dân", implements=state_task,
                                assignments=[(u["vp"], "lead")], due_on=date(2026, 8, 31))
    session.commit()
    return party_task, state_task, work


def test_one_update_counts_in_each_roll_up(session, two_tracks, ward_plan, user_of):
    party_task, state_task, work = two_tracks
    assert set_further_uppers(actor=None, task=work, uppers=[party_task, state_task]) is True
    assert [t.id for t in further_uppers(work)] == [party_task.id]
    main, further = uppers_of(work)  # the task's page: its main upper task, then the further ones
    assert main.id == state_task.id and [t.id for t in further] == [party_task.id]
    services.change_status(actor=None, task=work, status="claimed", today=TODAY)
    for upper in (party_task, state_task):
        rows, totals = rollups.rollup(upper, TODAY)
        assert totals["tasks"] == 1 and rows[0].document.id == work.document_id
        assert [t.id for t, _ in rollups.derived_tasks(user_of("admin"), upper, work.document_id, TODAY)] == [work.id]
    from tracker.reports.facts import TaskFacts, _below

    facts = [TaskFacts(party_task, None, "in_time", "open_in_time"), TaskFacts(state_task, None, "in_time", "x")]
    _below(facts, TODAY)
    assert [sum(f.below.values()) for f in facts] == [1, 1]
    assert set_further_uppers(actor=None, task=work, uppers=[]) is True
    assert rollups.rollup(party_task, TODAY)[1]["tasks"] == 0


def test_only_tasks_of_implemented_documents(session, two_tracks, ward_plan):
    _, _, work = two_tracks
    other = _doc("9/KH-UBND", ward_plan.units["ubnd"], "Kế hoạch không liên quan")
    stray = services.create_task(actor=None, document=other, text="Việc khác",
                                 assignments=[(ward_plan.units["vp"], "lead")])
    with pytest.raises(DomainError, match="không thuộc văn bản"):
        set_further_uppers(actor=None, task=work, uppers=[stray])


def test_edit_page_sets_and_detail_shows_both_tracks(session, as_role, two_tracks):
    party_task, _, work = two_tracks
    office = as_role("secretariat")
    url = f"/tasks/{work.id}/edit"
    form = office.get(url).get_data(as_text=True)
    assert f'<option value="{party_task.id}"' in form
    work = session.get(Task, work.id)
    session.refresh(work, ["assignments"])
    response = office.post(url, data={
        "csrf_token": csrf_token(office, url), "version": str(work.version), "text": work.text,
        "due_on": "2026-08-31", "deadline_phrase": "", "section_id": "", "amended_by": "", "tracks": "1",
        "further_ids": [str(party_task.id)], "unit_id": [str(a.unit_id) for a in work.assignments],
        "role": [a.role for a in work.assignments]})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = office.get(f"/tasks/{work.id}").get_data(as_text=True)
    assert 'id="two-tracks"' in page and "45-KH/ĐU" in page
    assert session.scalar(select(Document.id).where(Document.number_text == "45-KH/ĐU"))
