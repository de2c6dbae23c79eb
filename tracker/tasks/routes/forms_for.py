"""The forms of a task's detail page, filled with the task's current version."""
from __future__ import annotations

from tracker.plans.models import ROLE_LABELS
from tracker.tasks.queries import own_assignments
from tracker.tasks.forms import CommentForm, ConfirmForm, RefuseForm, RemindForm, StatusForm, UpdateForm


DEFAULT_REMINDER = "Đề nghị đơn vị khẩn trương thực hiện nhiệm vụ và cập nhật tiến độ, kết quả trên hệ thống."


def remind_form_for(task, formdata=None, own: list | None = None) -> RemindForm:
    """The đôn đốc form: the task's units to choose from (`own`: the units given the task on their own, lead
    first; read when not given), those that lead (or are requested) already ticked; the members of a group
    assignment are reached from the group's page, not listed here one by one."""
    form = RemindForm(formdata=None) if formdata is False else RemindForm()
    if own is None:
        own = [a for a, _ in own_assignments(task)]
    own = sorted(own, key=lambda a: a.id)  # in the order the units were given the task
    form.unit_ids.choices = [(a.unit_id, f"{a.unit.name} ({ROLE_LABELS.get(a.role, a.role)})") for a in own]
    if formdata is False:
        form.unit_ids.data = [a.unit_id for a in own if a.role in ("lead", "request")]
        form.body_md.data = DEFAULT_REMINDER
    return form


def detail_forms(task, updates: list, submitted: dict, assignments: list) -> dict:
    """Fresh forms for the detail page, except those submitted with an error (kept as typed)."""
    update_form = submitted.get("update_form") or UpdateForm(formdata=None)
    update_form.corrects_id.choices = [("", "— không —")] + [
        (str(u.id), f"#{u.id} ngày {u.reported_on.strftime('%d/%m/%Y')} – {u.unit.name}") for u in updates]
    status_form = submitted.get("status_form") or StatusForm(formdata=None, status=task.status)
    forms = {"update_form": update_form, "status_form": status_form,
             "confirm_form": submitted.get("confirm_form") or ConfirmForm(formdata=None),
             "refuse_form": submitted.get("refuse_form") or RefuseForm(formdata=None),
             "remind_form": submitted.get("remind_form") or remind_form_for(task, formdata=False, own=assignments),
             "comment_form": submitted.get("comment_form") or CommentForm(formdata=None)}
    for form in forms.values():
        if hasattr(form, "version"):  # always the current version: after a conflict the user sees the newer state
            form.version.data = str(task.version)
    return forms
