"""Who may create what (issue 12, finding 1): the issuer, the assignees and the owers of reports must be within the
actor's body; reports may go up but a plan asks a higher body nothing; only admins create units; duties are rebuilt
on the server, never taken from what the browser sends back."""
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token
from tests.formdata import form_fields
from tracker.core.exceptions import DomainError
from tracker.duties.models import DutyOwner, ExpectedSubmission, ReportingDuty
from tracker.permissions import can_assign_to, can_issue_as, can_register_document, can_report_to
from tracker.plans.importing import ReviewedPlan, ReviewedTask, UnitRef, save_reviewed_plan
from tracker.plans.models import Assignment, Document, PendingAssignment, Task
from tracker.units.models import Unit, UnitProposal
from tracker.units.proposals import create_from_proposal, map_proposal, reject_proposal

SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_000 = SEEDS / "000_c7c61f0ecab3ec8b.txt"

WARD = ("Ủy ban nhân dân phường Vị Khê", None)
WARD_POLICE = ("Công an phường Vị Khê", None)
PROVINCE = ("Ủy ban nhân dân tỉnh Ninh Bình", None)
PROVINCE_POLICE = ("Công an tỉnh Ninh Bình", None)
PROVINCE_BNC = ("Ban Nội chính Tỉnh ủy", "Tỉnh Ninh Bình")
OTHER_WARD = ("Ủy ban nhân dân phường Thịnh Đán", None)
HANOI = ("Ủy ban nhân dân thành phố Hà Nội", None)
HANOI_POLICE = ("Công an thành phố Hà Nội", None)
HANOI_BNC = ("Ban Nội chính Thành ủy", "Thành phố Hà Nội")
POLITBURO = ("Bộ Chính trị", None)
CENTRAL_BNC = ("Ban Nội chính Trung ương", None)

# role → unit → (may issue a plan as it / assign it a task or make it owe reports, may make it receive reports)
SWEEP = {
    "secretariat": {WARD: (True, True), WARD_POLICE: (True, True), PROVINCE: (False, True),
                    PROVINCE_POLICE: (False, True), PROVINCE_BNC: (False, True), OTHER_WARD: (False, False),
                    HANOI: (False, False), HANOI_POLICE: (False, False), HANOI_BNC: (False, False),
                    POLITBURO: (False, True), CENTRAL_BNC: (False, True)},
    "monitor": {HANOI: (True, True), HANOI_POLICE: (True, True), HANOI_BNC: (True, True), WARD: (False, False),
                PROVINCE_BNC: (False, False), OTHER_WARD: (False, False), POLITBURO: (False, True),
                CENTRAL_BNC: (False, True)},
    "member": {WARD_POLICE: (False, False), WARD: (False, False), PROVINCE_BNC: (False, False)},
    "viewer": {PROVINCE: (False, False), WARD: (False, False)},
    "admin": {POLITBURO: (True, True), HANOI_POLICE: (True, True), WARD: (True, True)},
}


@pytest.mark.parametrize("role", sorted(SWEEP))
def test_scope_rule_over_roles_and_related_units(role, user_of, unit_named):
    user = user_of(role)
    for (name, within), (inside, upward) in SWEEP[role].items():
        unit = unit_named(name, within)
        assert can_issue_as(user, unit) is inside, (role, name)
        assert can_assign_to(user, unit) is inside, (role, name)
        assert can_report_to(user, unit) is upward, (role, name)
        assert can_register_document(user, unit, has_text=True) is inside, (role, name)
        assert can_register_document(user, unit, has_text=False) is upward, (role, name)


def _plan(issuer: Unit, tasks: list[ReviewedTask], duties: list[dict] | None = None) -> ReviewedPlan:
    return ReviewedPlan(doc_type="KH", number_text="/KH-UBND", issued_on=None, issued_year=2026, place=None,
                        issuer_id=issuer.id, issuer_name=None, title="Kế hoạch thử phạm vi", signer_authority=None,
                        signer_position=None, signer_name=None, body_text="Nội dung", tasks=tasks,
                        duties=duties or [])


def _refused(session, actor, plan, match: str) -> None:
    before = session.scalar(select(func.count(Document.id)))
    nested = session.begin_nested()
    with pytest.raises(DomainError, match=match):
        save_reviewed_plan(actor=actor, plan=plan)
    nested.rollback()
    assert session.scalar(select(func.count(Document.id))) == before


def test_a_ward_cannot_issue_for_the_politburo_or_assign_another_province(session, user_of, unit_named):
    clerk = user_of("secretariat")
    task = ReviewedTask("Nhiệm vụ", assignments=[UnitRef("lead", unit_named(*WARD_POLICE).id)])
    _refused(session, clerk, _plan(unit_named(*POLITBURO), [task]), "không thể lưu kế hoạch do “Bộ Chính trị”")
    _refused(session, clerk, _plan(unit_named(*PROVINCE), [task]), "chỉ nhập được kế hoạch của cơ quan mình")
    for outside in (HANOI_POLICE, PROVINCE_POLICE):
        bad = ReviewedTask("Nhiệm vụ", assignments=[UnitRef("lead", unit_named(*outside).id)])
        _refused(session, clerk, _plan(unit_named(*WARD), [bad]), "không thuộc phạm vi cơ quan của bạn")
    free_text = _plan(unit_named(*WARD), [task])
    free_text.issuer_id, free_text.issuer_name = None, "Bộ Chính trị"
    _refused(session, clerk, free_text, "Hãy chọn cơ quan ban hành trong cây đơn vị")


def test_unknown_units_become_proposals_an_admin_decides(session, user_of, unit_named):
    clerk, admin = user_of("secretariat"), user_of("admin")
    ward = unit_named(*WARD)
    units_before = session.scalar(select(func.count(Unit.id)))
    doc = save_reviewed_plan(actor=clerk, plan=_plan(ward, [
        ReviewedTask("Một", assignments=[UnitRef("lead", None, "Tổ dân phố số 7"),
                                         UnitRef("coordinate", unit_named(*WARD_POLICE).id)]),
        ReviewedTask("Hai", assignments=[UnitRef("coordinate", None, "Tổ  dân phố số 7")]),
        ReviewedTask("Ba", assignments=[UnitRef("lead", None, "Hội Cựu chiến binh phường")])]))
    assert session.scalar(select(func.count(Unit.id))) == units_before  # nothing created under Bộ Chính trị or anywhere
    proposals = {p.name: p for p in session.scalars(select(UnitProposal).where(UnitProposal.parent_id == ward.id))}
    assert set(proposals) == {"Tổ dân phố số 7", "Hội Cựu chiến binh phường"}
    first = proposals["Tổ dân phố số 7"]
    assert first.proposed_by_id == clerk.id and "nhiệm vụ số 1" in first.context
    assert session.scalar(select(func.count(PendingAssignment.id)).where(PendingAssignment.proposal_id == first.id)) == 2
    with pytest.raises(DomainError, match="Chỉ quản trị"):
        create_from_proposal(actor=clerk, proposal=first)
    unit = create_from_proposal(actor=admin, proposal=first)
    tasks = {t.text: t.id for t in session.scalars(select(Task).where(Task.document_id == doc.id))}
    roles = set(session.execute(select(Assignment.task_id, Assignment.role).where(Assignment.unit_id == unit.id)))
    assert roles == {(tasks["Một"], "lead"), (tasks["Hai"], "coordinate")}
    assert unit.parent_id == ward.id and first.status == "created"
    with pytest.raises(DomainError, match="đã được xử lý"):
        reject_proposal(actor=admin, proposal=first, note="trùng")
    second = proposals["Hội Cựu chiến binh phường"]
    front = unit_named("Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê")
    map_proposal(actor=admin, proposal=second, unit=front)
    assert session.scalar(select(Assignment.role).where(Assignment.unit_id == front.id,
                                                        Assignment.task_id == tasks["Ba"])) == "lead"
    assert "Hội Cựu chiến binh phường" in [a.name for a in front.aliases]


def _upload(client, data: bytes, name: str):
    token = csrf_token(client, "/documents/import/")
    return client.post("/documents/import/", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_confirm_refuses_a_crafted_issuer_and_assignee(as_role, session, unit_named):
    c = as_role("secretariat")
    fields = form_fields(_upload(c, SEED_000.read_bytes(), "000.txt").get_data(as_text=True), "review-form")
    before = session.scalar(select(func.count(Document.id)))
    politburo, police = unit_named(*POLITBURO), unit_named(*HANOI_POLICE)
    crafted = fields.copy()
    crafted["meta-issuer"] = f"Bộ Chính trị [#{politburo.id}]"
    response = c.post("/documents/import/confirm", data=crafted)
    assert response.status_code == 422 and "Chưa lưu gì cả" in response.get_data(as_text=True)
    crafted = fields.copy()
    crafted["t-0-a-0-unit"] = f"{police.name} [#{police.id}]"
    response = c.post("/documents/import/confirm", data=crafted)
    assert response.status_code == 422 and "không thuộc phạm vi" in response.get_data(as_text=True)
    crafted = fields.copy()  # the same through the hidden id fields the page now uses
    crafted["meta-issuer"], crafted["meta-issuer_id"] = politburo.name, str(politburo.id)
    response = c.post("/documents/import/confirm", data=crafted)
    assert response.status_code == 422 and "Chưa lưu gì cả" in response.get_data(as_text=True)
    crafted = fields.copy()
    crafted["t-0-a-0-unit"], crafted["t-0-a-0-unit_id"] = police.name, str(police.id)
    response = c.post("/documents/import/confirm", data=crafted)
    assert response.status_code == 422 and "không thuộc phạm vi" in response.get_data(as_text=True)
    body = response.get_data(as_text=True)
    assert "[#" not in body  # the page shown again names units without internal numbers
    assert session.scalar(select(func.count(Document.id))) == before


def test_duties_come_from_the_text_not_from_the_payload(as_role, session, unit_named):
    c = as_role("secretariat")
    fields = form_fields(_upload(c, SEED_000.read_bytes(), "000.txt").get_data(as_text=True), "review-form")
    payload = json.loads(fields["payload"])
    hanoi = unit_named(*HANOI)
    far = [unit_named(*u).id for u in (HANOI_POLICE, PROVINCE_POLICE, OTHER_WARD, HANOI_BNC)]
    # A crafted duty: the owers are units in other provinces and the receiver another city; marked accepted.
    payload["duties"] = [{"phrase": "Báo cáo hằng quý", "lines": [1], "kind": "periodic",
                          "schedules": ["quarter", "half", "nine_months", "year"], "due_on": None,
                          "first_year": 2026, "recipient_id": hanoi.id, "recipient": hanoi.name, "via_id": None,
                          "via": "", "owner_ids": far, "owners": [], "problem": "", "include": True}]
    fields["payload"] = json.dumps(payload, ensure_ascii=False)
    fields["d-0-include"] = "1"
    owed_before = session.scalar(select(func.count(ExpectedSubmission.id)))
    response = c.post("/documents/import/confirm", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    doc_id = int(response.location.rsplit("/", 1)[1])
    duties = list(session.scalars(select(ReportingDuty).where(ReportingDuty.document_id == doc_id)))
    assert all(d.recipient_id != hanoi.id for d in duties)
    owners = set(session.scalars(select(DutyOwner.unit_id).join(ReportingDuty).where(
        ReportingDuty.document_id == doc_id)))
    assert not owners & set(far)
    new = session.scalars(select(ExpectedSubmission.unit_id).join(ReportingDuty).where(
        ReportingDuty.document_id == doc_id)).all()
    assert session.scalar(select(func.count(ExpectedSubmission.id))) == owed_before + len(new)
    assert not set(new) & set(far)


def test_manual_register_checks_the_issuer(as_role, session, unit_named):
    c = as_role("secretariat")
    token = csrf_token(c, "/documents/create")
    before = session.scalar(select(func.count(Document.id)))
    base = {"csrf_token": token, "doc_type": "KH", "title": "Kế hoạch thử"}
    response = c.post("/documents/create", data={**base, "issuer_id": str(unit_named(*POLITBURO).id),
                                                 "number_text": "99-KH/TW", "body_md": "I. MỤC ĐÍCH"})
    assert response.status_code == 422 and "Văn bản của cấp trên hãy ghi là văn bản tham chiếu" in \
        response.get_data(as_text=True)
    response = c.post("/documents/create", data={**base, "issuer_id": str(unit_named(*HANOI).id),
                                                 "number_text": "98/KH-UBND"})
    assert response.status_code == 422 and "không phải cơ quan của bạn hay cơ quan cấp trên" in \
        response.get_data(as_text=True)
    assert session.scalar(select(func.count(Document.id))) == before
    # The upper directive a plan implements may be registered as a bare reference.
    response = c.post("/documents/create", data={**base, "doc_type": "KL", "issuer_id": str(unit_named(*POLITBURO).id),
                                                 "number_text": "97-KL/TW", "issued_on": "2025-01-02"})
    assert response.status_code == 302


def test_proposal_pages_admin_only_and_decisions_through_forms(as_role, session, user_of, unit_named):
    clerk = user_of("secretariat")
    ward = unit_named(*WARD)
    save_reviewed_plan(actor=clerk, plan=_plan(ward, [
        ReviewedTask("Một", assignments=[UnitRef("lead", None, "Tổ dân phố số 9")]),
        ReviewedTask("Hai", assignments=[UnitRef("lead", None, "Tổ dân phố số 10")])]))
    first, second = session.scalars(select(UnitProposal).where(UnitProposal.parent_id == ward.id)
                                    .order_by(UnitProposal.id)).all()
    for role in ("secretariat", "monitor", "member", "viewer"):
        c = as_role(role)
        assert c.get("/units/proposals").status_code == 403
        assert c.get(f"/units/proposals/{first.id}").status_code == 403
    admin = as_role("admin")
    page = admin.get("/units/proposals").get_data(as_text=True)
    assert "Tổ dân phố số 9" in page and "Tổ dân phố số 10" in page
    assert 'badge text-bg-warning">2<' in admin.get("/units/").get_data(as_text=True).replace("</span>", "<")
    token = csrf_token(admin, f"/units/proposals/{first.id}")
    response = admin.post(f"/units/proposals/{first.id}", data={"csrf_token": token, "action": "reject", "note": ""})
    assert response.status_code == 422 and "Hãy ghi lý do" in response.get_data(as_text=True)
    response = admin.post(f"/units/proposals/{first.id}", data={"csrf_token": token, "action": "create",
                                                                 "name": "Tổ dân phố số 9 phường Vị Khê",
                                                                 "kind": "other"})
    assert response.status_code == 302
    created = session.scalar(select(Unit).where(Unit.name == "Tổ dân phố số 9 phường Vị Khê"))
    assert created.parent_id == ward.id and session.scalar(
        select(func.count(Assignment.id)).where(Assignment.unit_id == created.id)) == 1
    response = admin.post(f"/units/proposals/{second.id}", data={"csrf_token": token, "action": "map", "unit_id": ""})
    assert response.status_code == 422 and "Hãy tìm và chọn đơn vị có sẵn" in response.get_data(as_text=True)
    response = admin.post(f"/units/proposals/{second.id}", data={"csrf_token": token, "action": "reject",
                                                                  "note": "Không phải đơn vị"})
    assert response.status_code == 302 and session.get(UnitProposal, second.id).status == "rejected"
    assert admin.post(f"/units/proposals/{second.id}", data={"csrf_token": token, "action": "x"}).status_code == 400


def test_a_reference_to_an_upper_plan_cannot_carry_duties(as_role, session, unit_named):
    c = as_role("secretariat")
    token = csrf_token(c, "/documents/create")
    response = c.post("/documents/create", data={"csrf_token": token, "doc_type": "KH", "title": "Kế hoạch của tỉnh",
                                                 "issuer_id": str(unit_named(*PROVINCE).id),
                                                 "number_text": "96/KH-UBND", "issued_on": "2026-03-02"})
    assert response.status_code == 302
    doc_id = int(response.location.rsplit("/", 1)[1])
    assert c.get(f"/duties/new/{doc_id}").status_code == 403


def test_review_checks_each_unit_once_however_many_tasks_name_it(as_role, session, count_queries):
    """The scope of a unit is asked once per request, not once per task that names it."""
    c = as_role("secretariat")
    token = csrf_token(c, "/documents/import/")
    head = SEED_000.read_text(encoding="utf-8").split("II. NHIỆM VỤ")[0]  # the ward's header: its issuer is matched
    few = "\n".join(f"{n}. Công an tỉnh Ninh Bình chủ trì nhiệm vụ số {n}." for n in range(1, 4))
    many = "\n".join(f"{n}. Công an tỉnh Ninh Bình chủ trì nhiệm vụ số {n}." for n in range(1, 61))

    def statements(body: str) -> int:
        with count_queries() as counter:
            response = c.post("/documents/import/", data={"csrf_token": token,
                                                          "text": f"{head}\nII. NHIỆM VỤ\n{body}\n"})
        assert response.status_code == 200
        return counter.count

    assert statements(many) <= statements(few) + 5
