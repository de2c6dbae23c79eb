"""`flask --app app plans parse FILE` (JSON, saves nothing) and `plans import FILE...` (bulk import)."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from tracker.core.exceptions import DomainError
from tracker.core.textio import PlanTextError, read_plan_bytes
from tracker.extensions import db
from tracker.plans import review
from tracker.plans.importing import save_reviewed_plan
from tracker.plans.parser import parse_plan
from tracker.units.models import User

plans_cli = AppGroup("plans", help="Đọc và nhập kế hoạch từ tệp.")


@plans_cli.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def parse_command(file: Path) -> None:
    """Print what the importer understood of FILE as JSON (docs/parser-json.md); saves nothing."""
    try:
        lines = read_plan_bytes(file.read_bytes(), file.name, ocr=True)
    except PlanTextError as error:
        raise click.ClickException(error.message) from error
    click.echo(json.dumps(parse_plan("\n".join(lines)).to_dict(), ensure_ascii=False, indent=2))


@plans_cli.command("sweep-jobs")
def sweep_jobs_command() -> None:
    """Fail import jobs a killed worker left running and delete old ones (idempotent; the scheduler runs it hourly)."""
    from flask import current_app

    from tracker.plans.jobs import run_import_sweep

    result = run_import_sweep(current_app._get_current_object())
    click.echo(f"Đã đánh dấu lỗi {result.failed} việc nhận dạng bị dừng giữa chừng, xóa {result.deleted} việc nhập cũ.")


@plans_cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "username", required=True, help="Tên đăng nhập của người nhập (ghi vào nhật ký).")
def import_command(files: tuple[Path, ...], username: str) -> None:
    """Import confirmed plan files as read, each in its own transaction; report per file."""
    actor = db.session.scalar(select(User).where(User.username == username.lower()))
    if actor is None:
        raise click.ClickException(f"Không có người dùng “{username}”.")
    failures = 0
    for file in files:
        try:
            lines = read_plan_bytes(file.read_bytes(), file.name)
            view = review.view_from_text("\n".join(lines), actor, file.name)
            if not view["meta"]["issuer"]:
                raise DomainError(f"không xác định được cơ quan ban hành “{view['meta']['issuer_written']}” "
                                  "trong cây tổ chức; hãy nhập qua trang rà soát")
            plan = review.reviewed_from_view(view, actor)
            document = save_reviewed_plan(actor=actor, plan=plan)
            db.session.commit()
        except (PlanTextError, DomainError) as error:
            db.session.rollback()
            failures += 1
            click.echo(f"{file.name}: KHÔNG LƯU — {getattr(error, 'message', None) or error}")
        else:
            click.echo(f"{file.name}: đã lưu {document.label} (#{document.id}) của {document.issuer_name}, "
                       f"{len(plan.tasks)} nhiệm vụ, "
                       f"{len(plan.cited)} văn bản trích dẫn")
    if failures:
        raise SystemExit(1)


@plans_cli.command("match-recipients")
def match_recipients_command() -> None:
    """Match the Nơi nhận names of documents held before recipients were matched to units (idempotent)."""
    from tracker.plans.models import Document
    from tracker.plans.services import set_recipients

    matched = 0
    for document in db.session.scalars(select(Document).where(Document.recipients.is_not(None))):
        matched += len(set_recipients(document=document, names=list(document.recipients or [])))
    db.session.commit()
    click.echo(f"Đã đối chiếu nơi nhận: {matched} đơn vị.")
