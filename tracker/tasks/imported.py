"""Groups kept on the import review page ("UBND các xã, phường", expanded by the user): once the plan is saved,
each such task is given to every member of the group within the issuer's area, in the same transaction."""
from __future__ import annotations

from tracker.core.exceptions import DomainError
from tracker.core.timeutil import today_vn
from tracker.permissions import can_assign_to
from tracker.plans.importing import plan_imported
from tracker.plans.models import Document
from tracker.tasks.groups import assign_group, issuer_area
from tracker.units.groups import group_label


@plan_imported.connect
def _on_plan_imported(document: Document, *, actor, groups=(), **_):
    if not groups:
        return
    area = issuer_area(document)
    today = today_vn()
    for task, number, role, (kind, level) in groups:
        if area is None:
            raise DomainError(f"Nhiệm vụ số {number}: chưa chọn cơ quan ban hành nên không xác định được "
                              f"“{group_label(kind, level)}” thuộc địa bàn nào.")
        if actor is not None and not can_assign_to(actor, area):
            raise DomainError(f"Nhiệm vụ số {number}: bạn không được giao nhiệm vụ cho các đơn vị của {area.name}.")
        try:
            assign_group(actor=actor, task=task, area=area, kind=kind, level=level, role=role, today=today)
        except DomainError as error:
            raise DomainError(f"Nhiệm vụ số {number}, nhóm “{group_label(kind, level)}”: {error}") from error
