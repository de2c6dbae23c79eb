"""Unit tree services: create, unique names, move (never into its own subtree), retire, aliases, search."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.core.audit import AuditLog
from tracker.core.exceptions import DomainError
from tracker.units import queries, services
from tracker.units.models import Unit, UnitClosure


def test_search_folds_vietnamese_and_abbreviations(session, unit_named):
    front = unit_named("Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê")
    results = {}
    for q in ("uy ban mat tran", "Ủy ban MTTQ", "Uỷ ban Mặt trận"):
        results[q] = {u.id for u in session.scalars(queries.search_units(q, limit=200))}
        assert front.id in results[q], q
    assert results["uy ban mat tran"] == results["Ủy ban MTTQ"] == results["Uỷ ban Mặt trận"]


def test_duplicate_name_under_same_parent_is_refused(session, user_of, unit_named):
    admin = user_of("admin")
    ward = unit_named("Phường Vị Khê")
    before = session.scalar(select(func.count(Unit.id)))
    with pytest.raises(DomainError, match="Đã có đơn vị"):
        services.create_unit(actor=admin, name="Công an phường  Vị Khê", parent=ward, kind="police")
    with pytest.raises(DomainError, match="Đã có đơn vị"):
        services.create_unit(actor=admin, name="công an phường vị khê", parent=ward, kind="police")
    assert session.scalar(select(func.count(Unit.id))) == before


def test_same_name_under_another_parent_is_allowed(session, user_of, unit_named):
    unit = services.create_unit(actor=user_of("admin"), name="Công an phường Vị Khê",
                                parent=unit_named("Phường Thịnh Đán"), kind="police")
    assert unit.id


def test_create_maintains_closure_and_audit(session, user_of, unit_named):
    ward = unit_named("Phường Vị Khê")
    unit = services.create_unit(actor=user_of("admin"), name="Tổ dân phố số 1", parent=ward, kind="other")
    ancestors = [u.name for u in queries.ancestors(unit.id)]
    assert ancestors[-1] == "Phường Vị Khê" and ancestors[0] == "Trung ương"
    assert queries.is_within(unit.id, unit_named("Tỉnh Ninh Bình").id)
    log = session.scalar(select(AuditLog).where(AuditLog.entity == "unit", AuditLog.entity_id == unit.id))
    assert log.action == "create" and log.actor_id == user_of("admin").id


def test_move_into_own_subtree_is_refused(session, user_of, unit_named):
    province = unit_named("Tỉnh Ninh Bình")
    ward = unit_named("Phường Vị Khê")
    rows_before = session.scalar(select(func.count()).select_from(UnitClosure))
    for target in (province, ward):
        with pytest.raises(DomainError, match="cấp dưới của nó"):
            services.move_unit(actor=user_of("admin"), unit=province, new_parent=target)
    assert session.scalar(select(func.count()).select_from(UnitClosure)) == rows_before
    assert province.parent.name == "Trung ương"


def test_move_rewrites_subtree_closure(session, user_of, unit_named):
    ward = unit_named("Phường Vị Khê")
    police = unit_named("Công an phường Vị Khê")
    size = queries.subtree_size(ward.id)
    services.move_unit(actor=user_of("admin"), unit=ward, new_parent=unit_named("Tỉnh Hà Tĩnh"))
    assert queries.is_within(police.id, unit_named("Tỉnh Hà Tĩnh").id)
    assert not queries.is_within(police.id, unit_named("Tỉnh Ninh Bình").id)
    assert queries.is_within(police.id, unit_named("Trung ương").id)
    assert queries.subtree_size(ward.id) == size
    depths = dict(session.execute(select(UnitClosure.ancestor_id, UnitClosure.depth)
                                  .where(UnitClosure.descendant_id == police.id)).all())
    assert depths[ward.id] == 1 and depths[unit_named("Tỉnh Hà Tĩnh").id] == 2 and depths[police.id] == 0


def test_retire_with_successor_and_names_kept_for_old_dates(session, user_of, unit_named):
    admin = user_of("admin")
    unit = unit_named("Sở Tư pháp Hà Tĩnh")
    services.update_unit(actor=admin, unit=unit, name="Sở Tư pháp tỉnh Hà Tĩnh", short_name=None,
                         kind="agency", level="province", renamed_on=date(2025, 7, 1))
    assert queries.name_on(unit, date(2025, 1, 1)) == "Sở Tư pháp Hà Tĩnh"
    assert queries.name_on(unit, date(2025, 8, 1)) == "Sở Tư pháp tỉnh Hà Tĩnh"
    successor = unit_named("Ủy ban nhân dân tỉnh Hà Tĩnh")
    services.retire_unit(actor=admin, unit=unit, retired_on=date(2026, 1, 1), successor=successor)
    assert not unit.is_active and unit.successor_id == successor.id
    with pytest.raises(DomainError, match="đã ngừng hoạt động"):
        services.retire_unit(actor=admin, unit=unit, retired_on=date(2026, 2, 1), successor=None)
    with pytest.raises(DomainError, match="ngừng hoạt động"):
        services.create_unit(actor=admin, name="Phòng mới", parent=unit)


def test_retire_refuses_units_with_active_children(session, user_of, unit_named):
    with pytest.raises(DomainError, match="còn đơn vị cấp dưới"):
        services.retire_unit(actor=user_of("admin"), unit=unit_named("Phường Vị Khê"),
                             retired_on=date(2026, 1, 1), successor=None)


def test_alias_is_searchable_and_unique(session, user_of, unit_named):
    unit = unit_named("Thanh tra tỉnh", within="Tỉnh Hà Tĩnh")
    services.add_alias(actor=user_of("admin"), unit=unit, name="Thanh tra tỉnh Hà Tĩnh")
    hits = {u.id for u in session.scalars(queries.search_units("thanh tra ha tinh"))}
    assert unit.id in hits
    with pytest.raises(DomainError, match="đã là tên"):
        services.add_alias(actor=user_of("admin"), unit=unit, name="Thanh tra tỉnh  hà tĩnh")


def test_overlong_and_empty_names_are_refused(session, user_of, unit_named):
    with pytest.raises(DomainError, match="quá dài"):
        services.create_unit(actor=user_of("admin"), name="A" * 201, parent=unit_named("Tỉnh Hà Tĩnh"))
    with pytest.raises(DomainError, match="không được để trống"):
        services.create_unit(actor=user_of("admin"), name="   ", parent=unit_named("Tỉnh Hà Tĩnh"))
