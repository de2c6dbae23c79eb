"""Dated reorganisations (#12): three provinces merged into one carry their open tasks, duties owed and received,
submissions not yet due and users; a split sends chosen tasks and duties to a second successor."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.duties.helpers import PDF
from tracker.auth.services import create_user
from tracker.core.audit import AuditLog
from tracker.core.exceptions import DomainError
from tracker.duties import services as duty_services
from tracker.duties.models import DutyOwner, ExpectedSubmission, ReportingDuty
from tracker.plans import services as plan_services
from tracker.plans.models import Assignment
from tracker.tasks import services as task_services
from tracker.units import reorganisation as reorg_services
from tracker.units import services
from tracker.units.models import Unit, User

EFFECTIVE = date(2026, 7, 1)


def _unit(name, parent, kind="people_committee", level="province"):
    return services.create_unit(actor=None, name=name, parent=parent, kind=kind, level=level)


def _doc(number, issuer, title="Kế hoạch thử nghiệm sắp xếp"):
    return plan_services.create_document(
        actor=None, doc_type="KH", number_text=number, issued_on=date(2026, 3, 2), issued_year=None, issuer=issuer,
        issuer_name=None, title=title, body_md=None, place=None, signer_authority=None, signer_position=None,
        signer_name=None)


def _roles(session, task):
    return sorted(session.execute(select(Assignment.unit_id, Assignment.role).where(Assignment.task_id == task.id)))


@pytest.fixture
def merger(session, unit_named):
    root, gov = unit_named("Trung ương"), unit_named("Chính phủ")
    new = _unit("Tỉnh Hợp Nhất", root, "locality")
    new_ubnd = _unit("Ủy ban nhân dân tỉnh Hợp Nhất", new)
    provinces, ubnds, communes = [], [], []
    for k in ("Một", "Hai", "Ba"):
        province = _unit(f"Tỉnh Thử {k}", root, "locality")
        provinces.append(province)
        ubnds.append(_unit(f"Ủy ban nhân dân tỉnh Thử {k}", province))
        commune = _unit(f"Xã Thử {k}", province, "locality", "commune")
        communes.append((commune, _unit(f"Ủy ban nhân dân xã Thử {k}", commune, level="commune")))
    create_user(actor=None, username="vp.thumot", full_name="Văn phòng Thử Một", password="matkhau-demo",
                role="secretariat", unit=ubnds[0])
    create_user(actor=None, username="cb.thuhai", full_name="Cán bộ Thử Hai", password="matkhau-demo",
                role="member", unit=ubnds[1])
    central = _doc("50/KH-CP", gov)
    tasks = {
        "shared": task_services.create_task(actor=None, document=central, text="Nhiệm vụ chung",
                                            assignments=[(ubnds[0], "lead"), (ubnds[1], "coordinate")],
                                            due_on=date(2026, 9, 30)),
        "done": task_services.create_task(actor=None, document=central, text="Nhiệm vụ đã xong",
                                          assignments=[(ubnds[2], "lead")], due_on=date(2026, 3, 31)),
        "both": task_services.create_task(actor=None, document=central, text="Nhiệm vụ cả hai",
                                          assignments=[(ubnds[1], "lead"), (new_ubnd, "lead")],
                                          due_on=date(2026, 12, 31)),
    }
    task_services.change_status(actor=None, task=tasks["done"], status="claimed", today=date(2026, 3, 20))
    task_services.confirm_completion(actor=None, task=tasks["done"], today=date(2026, 3, 25))
    owed = duty_services.create_duty(actor=None, document=central, title="Báo cáo sơ kết", kind="ad_hoc",
                                     schedule="once", due_on=date(2026, 7, 15), recipient=gov, owners_mode="chosen",
                                     owners=ubnds, remind_before_days=3, repeat_every_days=2)
    past = duty_services.create_duty(actor=None, document=central, title="Báo cáo quý I", kind="ad_hoc",
                                     schedule="once", due_on=date(2026, 4, 15), recipient=gov, owners_mode="chosen",
                                     owners=[ubnds[1]], remind_before_days=3, repeat_every_days=2)
    province_plan = _doc("9/KH-UBND", ubnds[0], "Kế hoạch của tỉnh Thử Một")
    received = duty_services.create_duty(actor=None, document=province_plan, title="Báo cáo của xã", kind="ad_hoc",
                                         schedule="once", due_on=date(2026, 8, 14), recipient=ubnds[0],
                                         owners_mode="chosen", owners=[communes[0][1]], remind_before_days=3,
                                         repeat_every_days=2)
    submitted = _expected(session, owed, ubnds[2])
    duty_services.submit(actor=None, expected=submitted, number_text="3-BC/UBND", issued_on=date(2026, 6, 1),
                         filename="bc.pdf", content=PDF, today=date(2026, 6, 1), now=datetime(2026, 6, 1, 3))
    reorg = reorg_services.create_reorganisation(actor=None, name="Hợp nhất ba tỉnh Thử", effective_on=EFFECTIVE)
    for old in provinces:
        reorg_services.add_item(actor=None, reorg=reorg, old_unit=old, successor=new)
    reorg_services.add_item(actor=None, reorg=reorg, old_unit=ubnds[0], successor=new_ubnd, users_action="move")
    reorg_services.add_item(actor=None, reorg=reorg, old_unit=ubnds[1], successor=new_ubnd, users_action="disable")
    reorg_services.add_item(actor=None, reorg=reorg, old_unit=ubnds[2], successor=new_ubnd)
    session.commit()
    return dict(reorg=reorg, new=new, new_ubnd=new_ubnd, provinces=provinces, ubnds=ubnds, communes=communes,
                tasks=tasks, owed=owed, past=past, received=received, plan=province_plan)


def _expected(session, duty, unit):
    return session.scalar(select(ExpectedSubmission).where(ExpectedSubmission.duty_id == duty.id,
                                                           ExpectedSubmission.unit_id == unit.id))


def test_preview_lists_what_will_move(session, merger):
    rows = {r.item.old_unit.name: r for r in reorg_services.preview(merger["reorg"])}
    one, two = rows["Ủy ban nhân dân tỉnh Thử Một"], rows["Ủy ban nhân dân tỉnh Thử Hai"]
    assert one.work["tasks_led"] == 1 and one.work["duties_owed"] == 1 and one.work["duties_received"] == 1
    assert one.work["expected_not_due"] == 1 and one.users == ["vp.thumot"]
    assert two.work["tasks_led"] == 1 and two.work["other_assignments"] == 1 and two.work["expected_not_due"] == 1
    assert rows["Ủy ban nhân dân tỉnh Thử Ba"].work["tasks_led"] == 0  # its task is confirmed done
    assert rows["Tỉnh Thử Một"].children == ["Xã Thử Một"]  # unmapped sub-units move under the successor


def test_not_before_the_effective_date(session, merger):
    with pytest.raises(DomainError, match="Chưa đến ngày có hiệu lực 01/07/2026"):
        reorg_services.apply_reorganisation(actor=None, reorg=merger["reorg"], today=date(2026, 6, 30))
    assert reorg_services.apply_due(today=date(2026, 6, 30)) == []
    assert all(u.is_active for u in merger["ubnds"])


def test_three_provinces_merged_carry_everything(session, merger):
    m = merger
    applied = reorg_services.apply_due(today=EFFECTIVE)
    session.commit()
    assert [r.id for r in applied] == [m["reorg"].id] and m["reorg"].state == "applied"
    assert reorg_services.apply_due(today=date(2026, 7, 2)) == []  # idempotent
    new, new_ubnd = m["new"], m["new_ubnd"]
    for old in m["provinces"] + m["ubnds"]:
        session.refresh(old)
        assert old.effective_to == date(2026, 6, 30) and old.successor_id in (new.id, new_ubnd.id)
    assert all(session.get(Unit, c.id).parent_id == new.id for c, _ in m["communes"])
    # Open tasks: the lead and the coordination both move; a role the successor already holds is kept once.
    assert _roles(session, m["tasks"]["shared"]) == sorted([(new_ubnd.id, "coordinate"), (new_ubnd.id, "lead")])
    assert _roles(session, m["tasks"]["both"]) == [(new_ubnd.id, "lead")]
    assert _roles(session, m["tasks"]["done"]) == [(m["ubnds"][2].id, "lead")]  # history stays
    # Duties owed: one owner row for the successor; the not-yet-due report moves once; the submitted one stays.
    owners = sorted(session.scalars(select(DutyOwner.unit_id).where(DutyOwner.duty_id == m["owed"].id)))
    assert owners == [new_ubnd.id]
    rows = sorted(session.execute(select(ExpectedSubmission.unit_id, ExpectedSubmission.versions)
                                  .where(ExpectedSubmission.duty_id == m["owed"].id)).all())
    assert rows == sorted([(new_ubnd.id, 0), (m["ubnds"][2].id, 1)])
    assert _expected(session, m["past"], m["ubnds"][1]) is not None  # due before the merger: stays as missing
    # Duties received move to the successor.
    assert session.get(ReportingDuty, m["received"].id).recipient_id == new_ubnd.id
    # Users: moved or disabled as the mapping says.
    assert session.scalar(select(User.unit_id).where(User.username == "vp.thumot")) == new_ubnd.id
    assert session.scalar(select(User.is_enabled).where(User.username == "cb.thuhai")) is False
    # Documents keep the names they were issued under; everything is audited.
    assert m["plan"].issuer_name == "Ủy ban nhân dân tỉnh Thử Một"
    audited = session.scalar(select(func.count(AuditLog.id)).where(
        AuditLog.entity == "unit", AuditLog.entity_id.in_([u.id for u in m["ubnds"]])))
    assert audited >= 6
    assert session.scalar(select(func.count(AuditLog.id)).where(AuditLog.entity == "reorganisation",
                                                                AuditLog.action == "apply")) == 1


def test_cli_applies_due_reorganisations(app, session, merger, monkeypatch):
    import tracker.core.timeutil as timeutil

    monkeypatch.setattr(timeutil, "today_vn", lambda: EFFECTIVE)
    result = app.test_cli_runner().invoke(args=["tracker", "reorganise"])
    assert result.exit_code == 0 and "Hợp nhất ba tỉnh Thử" in result.output, result.output
    assert merger["reorg"].state == "applied"


def test_a_split_sends_chosen_tasks_and_duties_to_another_successor(session, unit_named):
    ubnd = unit_named("Ủy ban nhân dân tỉnh Ninh Bình")
    old = _unit("Sở Tổng hợp Ninh Bình", ubnd, "agency")
    first, second = _unit("Sở Nội vụ Ninh Bình", ubnd, "agency"), _unit("Sở Tài chính Ninh Bình", ubnd, "agency")
    plan = _doc("11/KH-UBND", ubnd, "Kế hoạch có sở bị chia tách")
    staff = task_services.create_task(actor=None, document=plan, text="Về tổ chức bộ máy",
                                      assignments=[(old, "lead")], due_on=date(2026, 9, 30))
    money = task_services.create_task(actor=None, document=plan, text="Về ngân sách",
                                      assignments=[(old, "lead")], due_on=date(2026, 9, 30))
    duty_a = duty_services.create_duty(actor=None, document=plan, title="Báo cáo biên chế", kind="ad_hoc",
                                       schedule="once", due_on=date(2026, 8, 14), recipient=ubnd,
                                       owners_mode="chosen", owners=[old], remind_before_days=3, repeat_every_days=2)
    duty_b = duty_services.create_duty(actor=None, document=plan, title="Báo cáo thu chi", kind="ad_hoc",
                                       schedule="once", due_on=date(2026, 8, 14), recipient=ubnd,
                                       owners_mode="chosen", owners=[old], remind_before_days=3, repeat_every_days=2)
    reorg = reorg_services.create_reorganisation(actor=None, name="Chia tách Sở Tổng hợp", effective_on=EFFECTIVE)
    item = reorg_services.add_item(actor=None, reorg=reorg, old_unit=old, successor=first)
    reorg_services.add_override(actor=None, item=item, kind="task", object_id=money.id, successor=second)
    reorg_services.add_override(actor=None, item=item, kind="duty", object_id=duty_b.id, successor=second)
    reorg_services.apply_reorganisation(actor=None, reorg=reorg, today=EFFECTIVE)
    assert _roles(session, staff) == [(first.id, "lead")] and _roles(session, money) == [(second.id, "lead")]
    assert _expected(session, duty_a, first) is not None and _expected(session, duty_b, second) is not None
    assert _expected(session, duty_a, old) is None and _expected(session, duty_b, old) is None


def test_mapping_mistakes_are_refused_in_vietnamese(session, merger, unit_named):
    reorg, new = merger["reorg"], merger["new"]
    with pytest.raises(DomainError, match="đã có trong đợt sắp xếp"):
        reorg_services.add_item(actor=None, reorg=reorg, old_unit=merger["provinces"][0], successor=new)
    with pytest.raises(DomainError, match="cũng bị sắp xếp"):
        reorg_services.add_item(actor=None, reorg=reorg, old_unit=unit_named("Tỉnh Hà Tĩnh"),
                                successor=merger["provinces"][1])
    with pytest.raises(DomainError, match="cấp dưới"):
        reorg_services.add_item(actor=None, reorg=reorg, old_unit=unit_named("Tỉnh Hà Tĩnh"),
                                successor=unit_named("Ủy ban nhân dân tỉnh Hà Tĩnh"))
    with pytest.raises(DomainError, match="ngày có hiệu lực"):
        reorg_services.create_reorganisation(actor=None, name="Thiếu ngày", effective_on=None)


def test_admin_pages_create_map_preview_and_apply(app, session, admin_client, as_role, unit_named, monkeypatch):
    from tests.conftest import csrf_token
    from tracker.units.models import Reorganisation

    assert as_role("secretariat").get("/units/reorganisations").status_code == 403
    token = csrf_token(admin_client, "/units/reorganisations")
    bad = admin_client.post("/units/reorganisations", data={"csrf_token": token, "name": "Thiếu ngày"})
    assert bad.status_code == 422 and "Hãy nhập ngày có hiệu lực." in bad.get_data(as_text=True)
    created = admin_client.post("/units/reorganisations", data={"csrf_token": token, "name": "Sáp nhập thử",
                                                                 "effective_on": "2026-07-01"})
    reorg = session.scalar(select(Reorganisation).where(Reorganisation.name == "Sáp nhập thử"))
    assert created.status_code == 302 and reorg is not None
    url = f"/units/reorganisations/{reorg.id}"
    old, successor = unit_named("Thanh tra tỉnh", within="Tỉnh Hà Tĩnh"), unit_named("Ban Tiếp công dân tỉnh",
                                                                                       within="Tỉnh Hà Tĩnh")
    missing = admin_client.post(f"{url}/items", data={"csrf_token": csrf_token(admin_client, url)})
    assert missing.status_code == 422 and "Hãy chọn đơn vị bị sắp xếp" in missing.get_data(as_text=True)
    added = admin_client.post(f"{url}/items", data={"csrf_token": csrf_token(admin_client, url), "old_unit_id": old.id,
                                                     "successor_id": successor.id, "users_action": "disable"})
    assert added.status_code == 302
    page = admin_client.get(url).get_data(as_text=True)
    assert 'id="preview"' in page and "Thanh tra tỉnh" in page and "Ban Tiếp công dân tỉnh" in page
    import tracker.units.reorg_routes as routes

    monkeypatch.setattr(routes, "today_vn", lambda: date(2026, 6, 1))
    early = admin_client.post(f"{url}/apply", data={"csrf_token": csrf_token(admin_client, url)})
    assert early.status_code == 422 and "Chưa đến ngày có hiệu lực 01/07/2026" in early.get_data(as_text=True)
    monkeypatch.setattr(routes, "today_vn", lambda: EFFECTIVE)
    applied = admin_client.post(f"{url}/apply", data={"csrf_token": csrf_token(admin_client, url)})
    assert applied.status_code == 302 and session.get(Reorganisation, reorg.id).state == "applied"
    assert session.get(Unit, old.id).effective_to == date(2026, 6, 30)
