"""Model rows as the API's dictionaries (display-ready, with the links a partner follows)."""
from __future__ import annotations

from flask import url_for

from tracker.tasks.models import STATUS_LABELS

API = "/api/v1"


def unit(u) -> dict:
    return {"id": u.id, "parent_id": u.parent_id, "name": u.name, "short_name": u.short_name, "kind": u.kind,
            "level": u.level, "effective_from": u.effective_from, "effective_to": u.effective_to,
            "successor_id": u.successor_id, "updated_at": u.updated_at}


def document(d) -> dict:
    links = {"self": url_for("api_documents.detail", document_id=d.id)}
    if d.doc_type == "KH":
        links["plan"] = url_for("api_documents.plan", document_id=d.id)
        links["tasks"] = url_for("api_tasks.index", plan_id=d.id)
    return {"id": d.id, "doc_type": d.doc_type, "number_text": d.number_text, "symbol": d.symbol or "",
            "issued_on": d.issued_on, "issuer_id": d.issuer_id, "issuer_name": d.issuer_name or "",
            "title": d.title, "name": d.name, "is_reference": d.is_reference, "is_public": d.is_public,
            "revoked_on": d.revoked_on, "updated_at": d.updated_at, "links": links}


def document_detail(d, up, down) -> dict:
    return {**document(d), "signer_authority": d.signer_authority, "signer_position": d.signer_position,
            "signer_name": d.signer_name, "recipients": d.recipients, "body_md": d.body_md,
            "implements": [{"document_id": link.parent_id, "name": link.parent.name, "relation": link.relation}
                           for link in up],
            "implemented_by": [{"document_id": link.child_id, "name": link.child.name, "relation": link.relation}
                               for link in down]}


def task(t, state: str, assignments: list[dict], groups: list[dict]) -> dict:
    return {"id": t.id, "plan_id": t.document_id, "position": t.position, "text": t.text, "status": t.status,
            "status_label": STATUS_LABELS.get(t.status, t.status), "deadline_state": state,
            "progress": t.progress or 0, "deadline_kind": t.deadline_kind, "deadline_phrase": t.deadline_phrase,
            "due_on": t.due_on, "effective_due_on": t.effective_due_on, "claimed_on": t.claimed_on,
            "confirmed_on": t.confirmed_on, "withdrawn_on": t.withdrawn_on,
            "implements_task_id": t.implements_task_id, "version": t.version, "updated_at": t.updated_at,
            "assignments": assignments, "groups": groups,
            # the routes' paths written out: url_for costs as much as the rest of the row on a page of 100
            "links": {"self": f"{API}/tasks/{t.id}", "updates": f"{API}/tasks/{t.id}/updates",
                      "plan": f"{API}/plans/{t.document_id}"}}


TASK_COLUMNS = ("id", "document_id", "position", "text", "status", "progress", "deadline_kind", "deadline_phrase",
                "due_on", "effective_due_on", "claimed_on", "confirmed_on", "withdrawn_on", "implements_task_id",
                "version", "updated_at")


def task_row(row, assignments: list[dict], groups: list[dict]) -> dict:
    """A task of a list read as plain columns (no ORM objects: a page of 100 costs a fraction)."""
    t = row._mapping
    return {"id": t["id"], "plan_id": t["document_id"], "position": t["position"], "text": t["text"],
            "status": t["status"], "status_label": STATUS_LABELS.get(t["status"], t["status"]),
            "deadline_state": t["state"], "progress": t["progress"] or 0, "deadline_kind": t["deadline_kind"],
            "deadline_phrase": t["deadline_phrase"], "due_on": t["due_on"], "effective_due_on": t["effective_due_on"],
            "claimed_on": t["claimed_on"], "confirmed_on": t["confirmed_on"], "withdrawn_on": t["withdrawn_on"],
            "implements_task_id": t["implements_task_id"], "version": t["version"], "updated_at": t["updated_at"],
            "assignments": assignments, "groups": groups,
            "links": {"self": f"{API}/tasks/{t['id']}", "updates": f"{API}/tasks/{t['id']}/updates",
                      "plan": f"{API}/plans/{t['document_id']}"}}


def task_etag(t) -> str:
    return f'"task-{t.id}-v{t.version}"'


def update(u) -> dict:
    return {"id": u.id, "task_id": u.task_id, "unit_id": u.unit_id, "unit_name": u.unit.name,
            "author": u.author.full_name if u.author else None, "reported_on": u.reported_on, "status": u.status,
            "progress": u.progress, "note": u.note_md or "", "corrects_id": u.corrects_id, "created_at": u.created_at,
            "evidence": [{"id": e.id, "name": e.original_name, "kind": e.kind, "size": e.size, "sha256": e.sha256,
                          "download": f"{API}/evidence/{e.id}"} for e in u.evidence]}


def duty(d) -> dict:
    return {"id": d.id, "document_id": d.document_id, "title": d.title, "kind": d.kind, "schedule": d.schedule,
            "recipient_id": d.recipient_id, "via_id": d.via_id, "due_on": d.due_on, "is_active": d.is_active,
            "updated_at": d.updated_at}


def expected(e, status: str) -> dict:
    return {"id": e.id, "duty_id": e.duty_id, "duty_title": e.duty.title, "unit_id": e.unit_id,
            "unit_name": e.unit.name, "period_key": e.period_key, "period_label": e.period_label,
            "start_on": e.start_on, "end_on": e.end_on, "due_on": e.due_on, "effective_due_on": e.effective_due_on,
            "status": status, "review_state": e.review_state, "versions": e.versions,
            "first_submitted_on": e.first_submitted_on, "updated_at": e.updated_at,
            "links": {"self": url_for("api_duties.expected_detail", expected_id=e.id),
                      "submit": url_for("api_duties.submit", expected_id=e.id)}}


def expected_etag(e) -> str:
    return f'"expected-{e.id}-v{e.versions}-{e.review_state or "none"}"'


def submission(s) -> dict:
    return {"id": s.id, "version": s.version, "number_text": s.number_text, "issued_on": s.issued_on,
            "filename": s.filename, "size": s.size, "submitted_at": s.submitted_at, "state": s.state,
            "review_comment": s.review_comment,
            "download": url_for("api_duties.submission_file", submission_id=s.id)}


def report(r) -> dict:
    links = {"docx": url_for("api_duties.report_docx", report_id=r.id),
             "pdf": url_for("api_duties.report_pdf", report_id=r.id)}
    return {"id": r.id, "expected_id": r.expected_id, "unit_id": r.unit_id, "kind": r.kind, "state": r.state,
            "version_no": r.version_no, "title": r.title, "number_text": r.number_text, "issued_on": r.issued_on,
            "compiled_on": r.compiled_on, "finalised_at": r.finalised_at, "updated_at": r.updated_at,
            "links": links}


def units_of(task_ids: list[int], today) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    """({task id: the units given it on their own}, {task id: its groups, each one line with its counts}) in three
    queries: a task given to the 3,300 communes of the country is one group line, not 3,300 assignments."""
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.plans.models import Assignment
    from tracker.tasks.groups import summaries_for_tasks
    from tracker.units.models import Unit

    assigned: dict[int, list[dict]] = {task_id: [] for task_id in task_ids}
    grouped: dict[int, list[dict]] = {task_id: [] for task_id in task_ids}
    if not task_ids:
        return assigned, grouped
    # The unit's name read per row (an index probe each): joined, PostgreSQL hashed all 83,000 units of the
    # country for a page's 2,800 assignments (26 of the API task list's 37 ms).
    name = select(Unit.name).where(Unit.id == Assignment.unit_id).scalar_subquery()
    for task_id, unit_id, unit_name, role, officer_id in db.session.execute(
            select(Assignment.task_id, Assignment.unit_id, name, Assignment.role, Assignment.officer_id)
            .where(Assignment.task_id.in_(task_ids), Assignment.group_id.is_(None))
            .order_by(Assignment.task_id, Assignment.id)):
        assigned[task_id].append({"unit_id": unit_id, "unit_name": unit_name, "role": role,
                                  "officer_id": officer_id})
    for summary in summaries_for_tasks(task_ids, today).values():
        group = summary.group
        grouped[group.task_id].append({"id": group.id, "label": group.label, "role": group.role,
                                       "area_id": group.area_id, "members": summary.total, "done": summary.done})
    return assigned, grouped
