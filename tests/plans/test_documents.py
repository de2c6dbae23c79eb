"""Documents: bare references, number parsing, the implements-DAG with cycle refusal, the cascade view."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token
from tracker.core.exceptions import DomainError
from tracker.plans import queries, services
from tracker.plans.models import Document, DocumentLink
from tracker.units import services as unit_services


def _doc(session, number_text):
    return session.scalar(select(Document).where(Document.number_text == number_text))


def _fields(**over):
    base = dict(doc_type="KH", number_text=None, issued_on=None, issued_year=None, issuer=None, issuer_name=None,
                title="Kế hoạch thử", body_md=None, place=None, signer_authority=None, signer_position=None,
                signer_name=None)
    base.update(over)
    return base


def test_create_bare_reference_and_full_text(session, user_of, unit_named):
    issuer = unit_named("Ủy ban nhân dân tỉnh Hà Tĩnh")
    ref = services.create_document(actor=user_of("secretariat"), **_fields(
        number_text="Số: 12/KH-UBND", issued_on=date(2026, 1, 5), issuer=issuer))
    assert ref.is_reference and ref.number_text == "12/KH-UBND" and ref.issuer_name == issuer.name
    full = services.create_document(actor=user_of("secretariat"), **_fields(
        number_text="/KH-UBND", issued_year=2026, issuer=issuer, body_md="# Kế hoạch\n\n- Nhiệm vụ 1"))
    assert not full.is_reference and full.number is None and full.number_display == "/KH-UBND (chưa có số)"


@pytest.mark.parametrize("bad", ["abc", "12345", "KH/", "463-KH/" + "X" * 80])
def test_malformed_number_is_refused(session, user_of, bad):
    before = session.scalar(select(func.count(Document.id)))
    with pytest.raises(DomainError):
        services.create_document(actor=user_of("admin"), **_fields(number_text=bad, issuer_name="UBND tỉnh"))
    assert session.scalar(select(func.count(Document.id))) == before


def test_duplicate_number_of_same_issuer_and_year(session, user_of):
    with pytest.raises(DomainError, match="đã có trong hệ thống"):
        services.create_document(actor=user_of("admin"), **_fields(
            doc_type="KL", number_text="107-KL/TW", issued_on=date(2024, 12, 24),
            issuer=_doc(session, "107-KL/TW").issuer))


def test_cycle_is_refused(session, user_of):
    kl = _doc(session, "107-KL/TW")
    nb160 = _doc(session, "160/KH-UBND")
    links = session.scalar(select(func.count(DocumentLink.id)))
    with pytest.raises(DomainError, match="vòng lặp"):
        services.link_documents(actor=user_of("admin"), child=kl, parent=nb160)
    with pytest.raises(DomainError, match="chính nó"):
        services.link_documents(actor=user_of("admin"), child=kl, parent=kl)
    assert session.scalar(select(func.count(DocumentLink.id))) == links


def test_cascade_of_107_shows_the_dag_with_counts(session):
    kl = _doc(session, "107-KL/TW")
    cascade = queries.cascade(kl)
    assert cascade.above == []
    issuers = {n.document.issuer_name for n in cascade.below}
    assert {"Tỉnh ủy Tây Ninh", "Thành ủy Hà Nội", "Tỉnh ủy Hà Tĩnh", "Thanh tra Chính phủ",
            "Ủy ban nhân dân tỉnh Hà Tĩnh", "Tỉnh ủy Ninh Bình"} <= issuers
    # 6 direct plans + 160/KH-UBND + the Vị Khê plan below it; Hà Tĩnh's plan counted once.
    assert cascade.counts["below"] == 8 and cascade.counts["levels_below"] == 3
    ha_tinh = [n for n in _flatten(cascade.below) if n.document.issuer_name == "Ủy ban nhân dân tỉnh Hà Tĩnh"]
    assert len(ha_tinh) == 3 and sum(not n.repeated for n in ha_tinh) == 1
    ht = ha_tinh[0].document
    up = queries.cascade(ht)
    assert {d.number_text for d in up.above[0]} == {"107-KL/TW", "331-KH/TU", "1236/KH-TTCP"}
    assert up.counts["above"] == 3


def _flatten(nodes):
    for n in nodes:
        yield n
        yield from _flatten(n.children)


def test_cascade_runs_in_constant_queries(session, count_queries):
    counts = []
    for number in ("107-KL/TW", "463-KH/TU"):  # 8 documents below vs 2
        doc = _doc(session, number)
        session.expire_all()
        session.refresh(doc)
        with count_queries() as counter:
            queries.cascade(doc, budget=3)
        counts.append(counter.count)
    # walk up, walk down (with two columns of every document below), the shown documents (no issuer join)
    assert counts[0] == counts[1] == 3, counts


def test_a_large_cascade_renders_levels_within_the_budget(session):
    cascade = queries.cascade(_doc(session, "107-KL/TW"), budget=7)
    nodes = list(_flatten(cascade.below))
    collapsed = [n for n in nodes if n.collapsed]
    assert [n.document.number_text for n in collapsed] == ["160/KH-UBND"]  # the Vị Khê plan is one level down
    assert collapsed[0].descendant_count == 1 and not collapsed[0].children
    assert cascade.counts["below"] == 8  # the counts still cover everything


def test_issuer_name_as_issued_survives_rename(session, user_of, unit_named):
    doc = _doc(session, "165/KH-UBND")
    assert doc.issuer_name == "Ủy ban nhân dân thành phố Thái Nguyên" and not doc.issuer.is_active
    unit = unit_named("Ủy ban nhân dân tỉnh Ninh Bình")
    nb160 = _doc(session, "160/KH-UBND")
    unit_services.update_unit(actor=user_of("admin"), unit=unit, name="Ủy ban nhân dân tỉnh Ninh Bình (mới)",
                              short_name=None, kind=unit.kind, level=unit.level, renamed_on=date(2026, 7, 1))
    session.refresh(nb160)
    assert nb160.issuer_name == "Ủy ban nhân dân tỉnh Ninh Bình"
    later = services.create_document(actor=user_of("admin"), **_fields(
        number_text="200/KH-UBND", issued_on=date(2026, 5, 20), issuer=unit))
    assert later.issuer_name == "Ủy ban nhân dân tỉnh Ninh Bình"  # name in force on the issue date


def test_document_list_search_and_filters(as_role):
    c = as_role("viewer")
    body = c.get("/documents/", query_string={"q": "463"}).get_data(as_text=True)
    assert "463-KH/TU" in body and "160/KH-UBND" not in body
    body = c.get("/documents/", query_string={"type": "KL"}).get_data(as_text=True)
    assert "107-KL/TW" in body and "463-KH/TU" not in body
    body = c.get("/documents/", query_string={"year": "2024"}).get_data(as_text=True)
    assert "165/KH-UBND" in body and "160/KH-UBND" not in body
    body = c.get("/documents/", query_string={"q": "tiep cong dan thai nguyen"}).get_data(as_text=True)
    assert "165/KH-UBND" in body


def test_create_through_form_and_bad_number_message(as_role, session, unit_named):
    c = as_role("secretariat")
    ward = unit_named("Ủy ban nhân dân phường Vị Khê")
    token = csrf_token(c, "/documents/create")
    before = session.scalar(select(func.count(Document.id)))
    response = c.post("/documents/create", data={"csrf_token": token, "doc_type": "KH", "number_text": "KH-12",
                                                 "issuer_name": "UBND phường", "title": "Thử"})
    assert response.status_code == 422 and "không phải số, ký hiệu văn bản hợp lệ" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Document.id))) == before
    response = c.post("/documents/create", data={"csrf_token": token, "doc_type": "KH", "number_text": "15/KH-UBND",
                                                 "issued_on": "2026-06-01", "issuer_id": str(ward.id),
                                                 "title": "Kế hoạch thử", "body_md": "<script>alert(1)</script>**Đậm**"})
    assert response.status_code == 302
    page = c.get(response.location).get_data(as_text=True)
    assert "<strong>Đậm</strong>" in page and "<script>alert(1)" not in page


def test_cycle_through_the_page_is_refused_with_message(admin_client, session):
    kl = _doc(session, "107-KL/TW")
    vk = session.scalar(select(Document).where(Document.issuer_name == "Ủy ban nhân dân phường Vị Khê"))
    token = csrf_token(admin_client, f"/documents/{kl.id}")
    response = admin_client.post(f"/documents/{kl.id}/links", data={"csrf_token": token, "parent_id": str(vk.id),
                                                                     "relation": "implements"}, follow_redirects=True)
    assert "vòng lặp" in response.get_data(as_text=True)


def test_viewer_cannot_create_or_edit(as_role, session):
    c = as_role("viewer")
    assert c.get("/documents/create").status_code == 403
    kl = _doc(session, "107-KL/TW")
    assert c.get(f"/documents/{kl.id}/edit").status_code == 403
    token = csrf_token(c, "/documents/")
    assert c.post(f"/documents/{kl.id}/links", data={"csrf_token": token, "parent_id": "1"}).status_code == 403


def test_a_collapsed_branch_opens_on_demand(session, as_role):
    nb160 = _doc(session, "160/KH-UBND")
    page = as_role("viewer").get(f"/documents/{nb160.id}/cascade/branch").get_data(as_text=True)
    assert page.startswith("<ul>") and "Ủy ban nhân dân phường Vị Khê" in page and "<html" not in page
