"""The forms of a task's detail page, filled with the task's current version."""
from __future__ import annotations

from tracker.tasks.forms import ConfirmForm, RefuseForm, RemindForm, StatusForm, UpdateForm


def detail_forms(task, updates: list, submitted: dict) -> dict:
    """Fresh forms for the detail page, except those submitted with an error (kept as typed)."""
    update_form = submitted.get("update_form") or UpdateForm(formdata=None)
    update_form.corrects_id.choices = [("", "— không —")] + [
        (str(u.id), f"#{u.id} ngày {u.reported_on.strftime('%d/%m/%Y')} – {u.unit.name}") for u in updates]
    status_form = submitted.get("status_form") or StatusForm(formdata=None, status=task.status)
    forms = {"update_form": update_form, "status_form": status_form,
             "confirm_form": submitted.get("confirm_form") or ConfirmForm(formdata=None),
             "refuse_form": submitted.get("refuse_form") or RefuseForm(formdata=None),
             "remind_form": submitted.get("remind_form") or RemindForm(formdata=None)}
    for form in forms.values():
        if hasattr(form, "version"):  # always the current version: after a conflict the user sees the newer state
            form.version.data = str(task.version)
    return forms
