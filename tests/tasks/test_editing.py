"""Changing a saved plan's tasks: every edit kind with its audit row and timeline line, withdrawal out of every
list and count, merge and split keeping updates, events for the units concerned, who may do it."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.tasks.conftest import TODAY
from tracker.core import events
from tracker.core.audit import AuditLog
from tracker.core.exceptions import DomainError
from tracker.permissions import can_change_plan_tasks, can_change_task
from tracker.plans import services as plan_services
from tracker.plans.models import Assignment, Task
from tracker.tasks import editing, queries, rollups, services
from tracker.tasks.models import TaskUpdate


@contextmanager
def caught(*signals):
    """Collect (signal name, sender, kwargs) of every signal sent inside the block."""
    seen = []
    handlers = []
    for signal in signals:
        def handler(sender, _name=signal.name, **kwargs):
            seen.append((_name, sender, kwargs))
        signal.connect(handler)
        handlers.append((signal, handler))
    try:
        yield seen
    finally:
        for signal, handler in handlers:
            signal.disconnect(handler)


def _logs(session, task):
    return list(session.scalars(select(AuditLog).where(AuditLog.entity == "task", AuditLog.entity_id == task.id)
                                .order_by(AuditLog.id)))


def _edit(task, units, **overrides):
    fields = dict(text=task.text, section=None, due_on=task.due_on, deadline_phrase=task.deadline_phrase,
                  assignments=units, today=TODAY)
    fields.update(overrides)
    return editing.edit_task(actor=None, task=task, **fields)


def test_edit_records_before_after_keeps_updates_and_tells_units(session, ward_plan, user_of):
    task, u = ward_plan.lead_task, ward_plan.units
    update = services.post_update(actor=user_of("member"), task=task, unit_id=u["ca"].id, today=TODAY,
                                  note_md="Đã bố trí lực lượng", progress=20)
    with caught(events.task_changed, events.task_assigned, events.task_withdrawn) as seen:
        changes = editing.edit_task(actor=user_of("secretariat"), task=task, text="Tiếp công dân định kỳ hằng tháng",
                                    section=None, due_on=date(2026, 7, 15), deadline_phrase=None,
                                    assignments=[(u["vp"], "lead"), (u["mttq"], "request")], today=TODAY)
    assert changes["due_on"] == ["2026-06-30", "2026-07-15"]
    assert changes["text"][1] == "Tiếp công dân định kỳ hằng tháng"
    assert sorted(changes["assignments"][1]) == [["Văn phòng HĐND và UBND phường", "Chủ trì"],
                                                 ["Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê", "Đề nghị"]]
    log = _logs(session, task)[-1]
    assert log.action == "edit" and log.actor_id == user_of("secretariat").id
    assert "thời hạn" in log.summary and "đơn vị thực hiện" in log.summary
    assert [e.log.action for e in queries.timeline(task)][-1] == "edit"
    names = {name: kwargs["unit_ids"] for name, _, kwargs in seen}
    assert names["task-assigned"] == [u["mttq"].id] and names["task-withdrawn"] == [u["ca"].id]
    assert set(names["task-changed"]) == {u["vp"].id, u["ca"].id, u["mttq"].id}
    # Công an lost the task: its update stays, unchanged, as history.
    assert session.get(TaskUpdate, update.id).note_md == "Đã bố trí lực lượng"
    rows = session.execute(queries.unit_tasks(u["ca"].id, TODAY, queries.TaskFilters())).all()
    assert task.id not in {row[0].id for row in rows}


def test_edit_without_change_records_nothing(session, ward_plan):
    task = ward_plan.police_task
    assert _edit(task, [(ward_plan.units["ca"], "lead")]) == {}
    assert [log.action for log in _logs(session, task)] == ["create"]


@pytest.mark.parametrize("case,message", [("outside", "địa bàn"), ("two_leads", "một đơn vị chủ trì"),
                                          ("empty_text", "trống"), ("no_units", "ít nhất một đơn vị")])
def test_edit_refuses_bad_input(session, ward_plan, unit_named, case, message):
    task, u = ward_plan.police_task, ward_plan.units
    units = {"outside": [(unit_named("Ban Nội chính Thành ủy"), "lead")],
             "two_leads": [(u["ca"], "lead"), (u["vp"], "lead")], "empty_text": [(u["ca"], "lead")],
             "no_units": []}[case]
    with pytest.raises(DomainError, match=message):
        _edit(task, units, text="  " if case == "empty_text" else task.text)


def test_withdrawn_task_leaves_every_list_and_count_but_stays_readable(session, ward_plan, user_of, unit_named):
    u = ward_plan.units
    upper = ward_plan.police_task
    lower_plan = plan_services.create_document(
        actor=None, doc_type="KH", number_text="5/KH-CAP", issued_on=TODAY, issued_year=None, issuer=u["ca"],
        issuer_name=None, title="Kế hoạch của Công an phường", body_md=None, place=None, signer_authority=None,
        signer_position=None, signer_name=None)
    derived = services.create_task(actor=None, document=lower_plan, text="Tuần tra trụ sở",
                                   assignments=[(u["ca"], "lead")], implements=upper, due_on=TODAY)
    rows_before, _ = rollups.rollup(upper, TODAY)
    assert rows_before[0].total == 1
    with caught(events.task_withdrawn) as seen:
        editing.withdraw_task(actor=user_of("secretariat"), task=derived, reason="Trùng với nhiệm vụ khác",
                              today=TODAY)
    assert seen[0][2]["unit_ids"] == [u["ca"].id] and seen[0][2]["reason"] == "Trùng với nhiệm vụ khác"
    editing.withdraw_task(actor=user_of("secretariat"), task=upper, reason="Không còn phù hợp", today=TODAY)
    filters = queries.TaskFilters()
    unit_list = {r[0].id for r in session.execute(queries.unit_tasks(u["ca"].id, TODAY, filters))}
    monitor = {r[0].id for r in session.execute(queries.subtree_tasks(user_of("admin"), TODAY, filters))}
    by_unit = {t.id for _, rows in queries.plan_tasks_by_unit(user_of("admin"), ward_plan.document, TODAY)
               for t, _, _ in rows}
    for ids in (unit_list, monitor, by_unit):
        assert upper.id not in ids and derived.id not in ids
    assert rollups.rollup(upper, TODAY)[0] == []
    assert rollups.plan_progress(user_of("admin"), [ward_plan.document.id], TODAY)[ward_plan.document.id]["total"] == 2
    # Counted for a day before the withdrawal (a report of an earlier period), not from its date on.
    before = {r[0].id for r in session.execute(queries.unit_tasks(u["ca"].id, TODAY - timedelta(days=1), filters))}
    assert upper.id in before
    from tracker.reports.facts import _plan_tasks
    from tracker.reports.queries import plan_outline

    assert upper.id not in {f.task.id for f in _plan_tasks([ward_plan.document.id], TODAY)}
    assert upper.id not in {t.id for _, tasks in plan_outline(ward_plan.document)[0] for t in tasks}
    assert queries.task_visible(user_of("member"), upper)  # history readable
    assert [e.log.action for e in queries.timeline(upper)][-1] == "withdraw"
    with pytest.raises(DomainError, match="đã bị thu hồi"):
        _edit(upper, [(u["ca"], "lead")], text="Sửa sau khi thu hồi")


def test_withdraw_needs_a_reason(session, ward_plan):
    with pytest.raises(DomainError, match="lý do"):
        editing.withdraw_task(actor=None, task=ward_plan.police_task, reason=" ", today=TODAY)
    assert ward_plan.police_task.withdrawn_on is None


def test_split_keeps_updates_on_the_first_part(session, ward_plan, user_of):
    task, u = ward_plan.lead_task, ward_plan.units
    update = services.post_update(actor=user_of("member"), task=task, unit_id=u["vp"].id, today=TODAY,
                                  note_md="Đã lập lịch", progress=10)
    parts = editing.split_task(actor=None, task=task, parts=["Lập lịch tiếp công dân", "", "Tổ chức tiếp công dân"],
                               today=TODAY)
    assert [p.text for p in parts] == ["Lập lịch tiếp công dân", "Tổ chức tiếp công dân"]
    new = parts[1]
    assert sorted((a.unit_id, a.role) for a in new.assignments) == sorted(session.execute(
        select(Assignment.unit_id, Assignment.role).where(Assignment.task_id == task.id)).all())
    assert new.due_on == task.due_on and new.position == task.position + 1
    assert ward_plan.police_task.position == 3  # shifted down to make room
    assert session.get(TaskUpdate, update.id).task_id == task.id
    assert _logs(session, task)[-1].action == "split" and _logs(session, new)[-1].changes["split_from"] == task.id
    with pytest.raises(DomainError, match="hai phần"):
        editing.split_task(actor=None, task=task, parts=["Chỉ một phần"], today=TODAY)


def test_merge_withdraws_the_others_keeps_their_updates_and_repoints_derived(session, ward_plan, user_of):
    target, other, u = ward_plan.lead_task, ward_plan.police_task, ward_plan.units
    update = services.post_update(actor=user_of("member"), task=other, unit_id=u["ca"].id, today=TODAY,
                                  note_md="Đã tuần tra", progress=50)
    lower = plan_services.create_document(
        actor=None, doc_type="KH", number_text="6/KH-CAP", issued_on=TODAY, issued_year=None, issuer=u["ca"],
        issuer_name=None, title="Kế hoạch của Công an phường", body_md=None, place=None, signer_authority=None,
        signer_position=None, signer_name=None)
    derived = services.create_task(actor=None, document=lower, text="Tuần tra", assignments=[(u["ca"], "lead")],
                                   implements=other)
    editing.merge_tasks(actor=None, target=target, others=[other], text="Tiếp công dân và bảo đảm an ninh",
                        today=TODAY)
    assert target.text == "Tiếp công dân và bảo đảm an ninh"
    roles = dict(session.execute(select(Assignment.unit_id, Assignment.role).where(
        Assignment.task_id == target.id)).all())
    assert roles == {u["vp"].id: "lead", u["ca"].id: "coordinate"}
    assert other.withdrawn_on == TODAY and "#%d" % target.id in other.withdrawn_reason
    assert session.get(TaskUpdate, update.id).task_id == other.id
    assert derived.implements_task_id == target.id
    assert [log.action for log in _logs(session, target)][-2:] == ["edit", "merge"]


def test_move_and_add_and_amending_document_cited(session, ward_plan):
    u = ward_plan.units
    amending = plan_services.create_document(
        actor=None, doc_type="KH", number_text="120/KH-UBND", issued_on=TODAY, issued_year=None, issuer=u["ubnd"],
        issuer_name=None, title="Kế hoạch sửa đổi, bổ sung", body_md=None, place=None, signer_authority=None,
        signer_position=None, signer_name=None)
    plan_services.link_documents(actor=None, child=amending, parent=ward_plan.document, relation="amends")
    added = editing.add_task(actor=None, document=ward_plan.document, text="Tổng kết đợt tiếp công dân",
                             section=None, due_on=date(2026, 8, 1), deadline_phrase=None,
                             assignments=[(u["vp"], "lead")], today=TODAY, amended_by=amending)
    assert added.position == 4
    assert "theo Kế hoạch số 120/KH-UBND" in _logs(session, added)[-1].summary
    editing.move_task(actor=None, task=added, offset=-1, today=TODAY)
    assert (added.position, ward_plan.request_task.position) == (3, 4)
    with pytest.raises(DomainError, match="đầu"):
        editing.move_task(actor=None, task=ward_plan.lead_task, offset=-1, today=TODAY)
    editing.withdraw_task(actor=None, task=ward_plan.police_task, reason="Thay thế", today=TODAY, amended_by=amending)
    assert _logs(session, ward_plan.police_task)[-1].changes["amended_by"] == amending.id


@pytest.mark.parametrize("role,allowed", [("admin", True), ("secretariat", True), ("member", False),
                                          ("monitor", False), ("viewer", False)])
def test_only_the_plans_body_and_admins_change_tasks(session, ward_plan, user_of, role, allowed):
    user = user_of(role)
    assert can_change_plan_tasks(user, ward_plan.document) is allowed
    assert can_change_task(user, ward_plan.police_task) is allowed


def test_withdrawn_tasks_not_loaded_by_accident(session, ward_plan):
    editing.withdraw_task(actor=None, task=ward_plan.request_task, reason="Không còn phù hợp", today=TODAY)
    live = session.scalars(select(Task.id).where(Task.document_id == ward_plan.document.id,
                                                 Task.withdrawn_on.is_(None))).all()
    assert ward_plan.request_task.id not in live and len(live) == 2
