"""Who may read a plan (#12 finding 9): a sweep of users × documents over every page that shows a document, its
tasks or its units, asserting the rule and no leak; the SQL list and the predicate agree."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.tasks.helpers import client_for
from tracker import permissions as p
from tracker.auth.services import create_user
from tracker.extensions import db
from tracker.plans import queries
from tracker.plans import services as plan_services
from tracker.plans.models import Document, DocumentRecipient
from tracker.tasks import services as task_services
from tracker.units import services as unit_services
from tracker.units.models import User

USERS = ["admin", "noichinh.hanoi", "noichinh.ninhbinh", "vanphong.vikhe", "congan.vikhe", "xem",
         "vp.phuongthu", "congan.thinhdan"]


def _doc(number, issuer, title, issued_on=date(2026, 3, 2), doc_type="KH", is_public=None):
    return plan_services.create_document(
        actor=None, doc_type=doc_type, number_text=number, issued_on=issued_on, issued_year=None, issuer=issuer,
        issuer_name=None, title=title, body_md=None, place=None, signer_authority=None, signer_position=None,
        signer_name=None, is_public=is_public)


def _demo(session, number):
    return session.scalar(select(Document).where(Document.number_text == number))


@pytest.fixture
def world(session, unit_named):
    """A sibling ward of Vị Khê in Ninh Bình with its own plan; a Tây Ninh plan that lists Công an phường Vị Khê in
    Nơi nhận; a Hà Nội plan that assigns a task to the sibling ward's UBND; users in the sibling ward and in
    Thịnh Đán (another province)."""
    nb = unit_named("Tỉnh Ninh Bình")
    ward = unit_services.create_unit(actor=None, name="Phường Thử Nghiệm", parent=nb, kind="locality", level="commune")
    ward_ubnd = unit_services.create_unit(actor=None, name="Ủy ban nhân dân phường Thử Nghiệm", parent=ward,
                                          kind="people_committee", level="commune")
    create_user(actor=None, username="vp.phuongthu", full_name="Văn phòng phường Thử", password="matkhau-demo",
                role="secretariat", unit=ward_ubnd)
    create_user(actor=None, username="congan.thinhdan", full_name="Công an Thịnh Đán", password="matkhau-demo",
                role="member", unit=unit_named("Công an phường Thịnh Đán"))
    docs = {
        "kl107": _demo(session, "107-KL/TW"),
        "nb463": _demo(session, "463-KH/TU"),
        "vikhe": session.scalar(select(Document).where(Document.issuer_name == "Ủy ban nhân dân phường Vị Khê")),
        "hanoi": session.scalar(select(Document).where(Document.issuer_name == "Thành ủy Hà Nội")),
        "thinhdan": session.scalar(select(Document).where(Document.issuer_name == "Ủy ban nhân dân phường Thịnh Đán")),
        "sibling": _doc("5/KH-UBND", ward_ubnd, "Kế hoạch riêng của phường Thử Nghiệm"),
        "tayninh_sent": _doc("71-KH/TU", unit_named("Tỉnh ủy Tây Ninh"), "Kế hoạch gửi Công an phường Vị Khê"),
        "hanoi_assigns": _doc("72-KH/TU", unit_named("Thành ủy Hà Nội"), "Kế hoạch giao việc cho phường Thử Nghiệm"),
    }
    plan_services.set_recipients(document=docs["tayninh_sent"],
                                 names=["Ban Thường vụ Tỉnh ủy", "Công an phường Vị Khê", "Lưu: VT"])
    task_services.create_task(actor=None, document=docs["hanoi_assigns"], text="Phối hợp xác minh",
                              assignments=[(ward_ubnd, "lead")], due_on=date(2026, 6, 30))
    task_services.create_task(actor=None, document=docs["sibling"], text="Nhiệm vụ nội bộ phường Thử Nghiệm",
                              assignments=[(ward_ubnd, "lead")], due_on=date(2026, 6, 30))
    session.commit()
    return docs


# Who reads what: the rule, spelled out per document.
EVERYONE = set(USERS)
READERS = {
    "kl107": EVERYONE,  # a Politburo conclusion: public
    "nb463": {"admin", "noichinh.ninhbinh", "vanphong.vikhe", "congan.vikhe", "xem", "vp.phuongthu"},  # province
    "vikhe": {"admin", "noichinh.ninhbinh", "vanphong.vikhe", "congan.vikhe", "xem"},  # ward + bodies above
    "hanoi": {"admin", "noichinh.hanoi"},
    "thinhdan": {"admin", "congan.thinhdan"},
    "sibling": {"admin", "noichinh.ninhbinh", "xem", "vp.phuongthu"},  # not the sibling ward Vị Khê
    "tayninh_sent": {"admin", "congan.vikhe", "vanphong.vikhe", "noichinh.ninhbinh", "xem"},  # Nơi nhận
    "hanoi_assigns": {"admin", "noichinh.hanoi", "vp.phuongthu", "noichinh.ninhbinh", "xem"},  # assigned unit
}


def test_recipients_are_matched_to_units(session, world, unit_named):
    doc = world["tayninh_sent"]
    assert doc.recipients == ["Ban Thường vụ Tỉnh ủy", "Công an phường Vị Khê", "Lưu: VT"]
    units = set(session.scalars(select(DocumentRecipient.unit_id).where(DocumentRecipient.document_id == doc.id)))
    assert unit_named("Công an phường Vị Khê").id in units


def test_cli_matches_recipients_of_documents_held_before(app, session, world, unit_named):
    doc = world["tayninh_sent"]
    session.query(DocumentRecipient).filter_by(document_id=doc.id).delete()
    session.commit()
    result = app.test_cli_runner().invoke(args=["plans", "match-recipients"])
    assert result.exit_code == 0, result.output
    assert unit_named("Công an phường Vị Khê").id in set(session.scalars(
        select(DocumentRecipient.unit_id).where(DocumentRecipient.document_id == doc.id)))


def test_predicate_and_sql_agree_with_the_rule(session, world):
    users = {u.username: u for u in session.scalars(select(User).where(User.username.in_(USERS)))}
    for key, doc in world.items():
        for username in USERS:
            user = users[username]
            expected = username in READERS[key]
            assert p.can_view_document(user, doc) is expected, (key, username)
            listed = doc.id in set(session.scalars(queries.documents_list(user).with_only_columns(Document.id)))
            assert listed is expected, (key, username, "list")


def test_access_sweep_over_pages(app, session, world):
    """Every page that shows a document, its tasks or its units: 200 for a reader, 404 (no hint) for others."""
    tried = leaks = 0
    clients = {u: client_for(app, u) for u in USERS}
    for key, doc in world.items():
        secret = doc.title
        pages = [f"/documents/{doc.id}", f"/documents/{doc.id}/cascade", f"/documents/{doc.id}/cascade/branch",
                 f"/tasks/cascade/{doc.id}"] + ([f"/reports/plan/{doc.id}/docx"] if doc.doc_type == "KH" else [])
        for username, client in clients.items():
            reader = username in READERS[key]
            for url in pages:
                response = client.get(url)
                tried += 1
                if reader:
                    assert response.status_code == 200, (key, username, url)
                else:
                    assert response.status_code == 404, (key, username, url, response.status_code)
                    leaks += secret in response.get_data(as_text=True)
            listing = client.get("/documents/", query_string={"q": doc.number_text or doc.title}).get_data(as_text=True)
            assert (f'href="/documents/{doc.id}"' in listing) is reader, (key, username, "list")
            picked = client.get("/documents/pick", query_string={"parent_query": doc.number_text or doc.title})
            assert (f'value="{doc.id}"' in picked.get_data(as_text=True)) is reader, (key, username, "pick")
    assert leaks == 0 and tried == len(world) * len(USERS) * 4 + 7 * len(USERS) * 1


def test_search_finds_only_readable_documents(session, world, user_of):
    from tracker.search.queries import search

    found = lambda role: {h.ref_id for h in search(user_of(role), "phường Thử Nghiệm").hits  # noqa: E731
                          if h.kind == "document"}
    assert world["hanoi_assigns"].id not in found("member") and world["sibling"].id not in found("member")
    assert {world["hanoi_assigns"].id, world["sibling"].id} <= found("admin")


def test_home_page_and_inbox_show_only_readable_documents(app, session, world):
    client = client_for(app, "vp.phuongthu")
    for page in ("/", "/notifications/inbox"):
        body = client.get(page).get_data(as_text=True)
        assert f'/documents/{world["tayninh_sent"].id}"' not in body and "Tỉnh ủy Tây Ninh" not in body, page


def test_document_page_links_only_to_readable_documents(app, session, world):
    page = client_for(app, "congan.vikhe").get(f"/documents/{world['kl107'].id}").get_data(as_text=True)
    assert f'/documents/{world["nb463"].id}"' in page
    assert f'/documents/{world["hanoi"].id}"' not in page and "Thành ủy Hà Nội" not in page


def test_cascade_hides_branches_the_user_may_not_read(session, world, user_of):
    kl = world["kl107"]
    seen = {n.document.id for n in _flatten(queries.cascade(kl, user_of("member")).below)}
    assert world["nb463"].id in seen and world["vikhe"].id in seen
    assert world["hanoi"].id not in seen
    everything = {n.document.id for n in _flatten(queries.cascade(kl, user_of("admin")).below)}
    assert world["hanoi"].id in everything


def test_ward_still_reads_the_province_plan_it_implements(as_role, session):
    nb160 = _demo(session, "160/KH-UBND")
    office = as_role("secretariat")
    page = office.get(f"/documents/{nb160.id}").get_data(as_text=True)
    assert "Tổ chức thực hiện Kết luận số 107-KL/TW" in page
    assert office.get(f"/reports/plan/{nb160.id}/docx").status_code == 200


def test_public_flag_opens_a_local_document_to_all(session, world, user_of):
    doc = world["thinhdan"]
    assert not p.can_view_document(user_of("member"), doc)
    plan_services.update_document(actor=None, document=doc, is_public=True, **{
        f: getattr(doc, f) for f in ("doc_type", "number_text", "issued_on", "issued_year", "issuer_name", "title",
                                     "body_md", "place", "signer_authority", "signer_position", "signer_name")},
        issuer=doc.issuer)
    db.session.flush()
    assert p.can_view_document(user_of("member"), doc)


def test_defaults_of_is_public(session, unit_named):
    assert _doc("9-KL/TW", unit_named("Bộ Chính trị"), "Kết luận thử", doc_type="KL").is_public
    assert not _doc("9/KH-UBND", unit_named("Ủy ban nhân dân tỉnh Ninh Bình"), "Kế hoạch tỉnh").is_public
    bare = plan_services.create_document(
        actor=None, doc_type="CV", number_text="12/CV-XYZ", issued_on=date(2026, 1, 5), issued_year=None, issuer=None,
        issuer_name="Một cơ quan chưa có trong hệ thống", title="Công văn tham chiếu", body_md=None, place=None,
        signer_authority=None, signer_position=None, signer_name=None)
    assert bare.is_public


def _flatten(nodes):
    for n in nodes:
        yield n
        yield from _flatten(n.children)
