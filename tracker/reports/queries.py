"""Reads for reports: report lists, versions and revisions, a plan's outline; the compiled facts live in facts.py."""
from __future__ import annotations

from datetime import date

from flask import abort
from sqlalchemy import Select, func, literal, select

from tracker.duties.models import ExpectedSubmission, ReportingDuty
from tracker.duties.queries import status_expr
from tracker.extensions import db
from tracker.plans.models import Document, DocumentLink, Section, Task
from tracker.reports.facts import HEADLINES, Facts, TaskFacts, below_totals, compile_facts, headline_totals  # noqa: F401
from tracker.reports.models import Report, ReportRevision, SignedCopy
from tracker.tasks.queries import unit_lines
from tracker.units.models import Unit
from tracker.units.queries import body_id_of


def get_report_or_404(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    return report


def versions_of(expected_id: int) -> list[Report]:
    """Every report version compiled for one expected submission, newest first."""
    return list(db.session.scalars(select(Report).where(Report.expected_id == expected_id)
                                   .order_by(Report.version_no.desc())))


def reports_by_submission(expected_id: int) -> dict[int, int]:
    """{submission id: report id} for the finalised reports of one expected submission."""
    return dict(db.session.execute(select(Report.submission_id, Report.id).where(
        Report.expected_id == expected_id, Report.submission_id.is_not(None))).all())


def revisions_of(report_id: int, limit: int = 30) -> list[ReportRevision]:
    """Saved drafts, newest first."""
    return list(db.session.scalars(select(ReportRevision).where(ReportRevision.report_id == report_id)
                                   .order_by(ReportRevision.number.desc()).limit(limit)))


def get_revision_or_404(report: Report, number: int) -> ReportRevision:
    revision = db.session.scalar(select(ReportRevision).where(ReportRevision.report_id == report.id,
                                                              ReportRevision.number == number))
    if revision is None:
        abort(404)
    return revision


def reports_for_user(user) -> Select:
    """Reports of the user's own body (its organs), newest version first."""
    from tracker.plans.matching import own_units

    stmt = select(Report).order_by(Report.version_no.desc(), Report.updated_at.desc(), Report.id.desc())
    body = body_id_of(user.unit_id) if getattr(user, "unit_id", None) else None
    if body is None:
        return stmt.where(literal(False))
    return stmt.where(Report.unit_id.in_(own_units(body).with_only_columns(Unit.id).order_by(None)))


def owed_for_compiling(user, today: date) -> list[tuple[ExpectedSubmission, str]]:
    """The expected submissions of periodic or ad hoc duties owed by the user's own body (its organs, not the
    communes below it, which compile their own), with their status, newest due first."""
    from tracker.plans.matching import own_units

    body = body_id_of(user.unit_id) if getattr(user, "unit_id", None) else None
    if body is None:
        return []
    # Read first, as a list: as a subquery the planner expected 750 units for a province's 120 and joined every
    # one of the country's 26,700 expected submissions to its duty, plan and units before keeping 8 (47 ms).
    units = list(db.session.scalars(own_units(body).with_only_columns(Unit.id).order_by(None)))
    stmt = (select(ExpectedSubmission, status_expr(today)).join(ReportingDuty)
            .where(ExpectedSubmission.unit_id.in_(units), ReportingDuty.kind != "plan",
                   ExpectedSubmission.start_on <= today)
            .order_by(ExpectedSubmission.due_on.desc(), ExpectedSubmission.id).limit(200))
    return [(e, s) for e, s in db.session.execute(stmt)]


def plan_outline(document: Document) -> tuple[list[tuple[str, list[Task]]], list[Document], dict[int, list]]:
    """(section heading, tasks) in plan order, the documents the plan implements, and {task id: [(role, name)]}
    naming who does each task as a plan is written: a group is one name ("UBND các xã, phường", with its area
    only when it is not the issuer's own), never its 3,300 members; five queries."""
    stmt = (select(Task, Section).outerjoin(Section, Section.id == Task.section_id)
            .where(Task.document_id == document.id, Task.withdrawn_on.is_(None))
            .order_by(func.coalesce(Section.position, 0), Task.position, Task.id))
    groups: list[tuple[str, list[Task]]] = []
    for task, section in db.session.execute(stmt):
        heading = f"{section.number} {section.title}".strip() if section else ""
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(task)
    parents = list(db.session.scalars(select(Document).join(DocumentLink, DocumentLink.parent_id == Document.id)
                                      .where(DocumentLink.child_id == document.id,
                                             DocumentLink.relation == "implements")
                                      .order_by(Document.issued_on.nulls_last(), Document.id)))
    body = body_id_of(document.issuer_id) if document.issuer_id else None
    lines = unit_lines([task.id for _, tasks in groups for task in tasks])
    who = {task_id: [(line.role, line.short if line.group_id is not None and line.area_id == body else line.name)
                     for line in task_lines] for task_id, task_lines in lines.items()}
    return groups, parents, who


def official_copy(*, report_id: int | None = None, document_id: int | None = None) -> SignedCopy | None:
    """The newest signed copy of a report or a plan, or None."""
    column = SignedCopy.report_id if report_id is not None else SignedCopy.document_id
    key = report_id if report_id is not None else document_id
    return db.session.scalars(select(SignedCopy).where(column == key)
                              .order_by(SignedCopy.uploaded_at.desc(), SignedCopy.id.desc()).limit(1)).first()


def signed_by_submission(expected_id: int) -> dict[int, int]:
    """{submission id: signed copy id} for the reports of one expected submission that have a signed copy."""
    rows = db.session.execute(select(Report.submission_id, SignedCopy.id).join(SignedCopy,
                                                                             SignedCopy.report_id == Report.id)
                              .where(Report.expected_id == expected_id, Report.submission_id.is_not(None))
                              .order_by(SignedCopy.uploaded_at, SignedCopy.id))
    return {submission: copy for submission, copy in rows}
