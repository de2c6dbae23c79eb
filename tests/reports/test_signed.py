"""The signed copy is the record: upload to a finalised report (or an issued plan), shown and downloaded first with
its SHA-256, linked from the receiver's submission; bad files get Vietnamese messages and lose nothing."""
from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token
from tests.reports.pdfs import make_pdf
from tests.reports.test_routes import _compile, _current, _finalise, _write, owed  # noqa: F401 (fixture)
from tests.tasks.helpers import client_for
from tracker.core.exceptions import DomainError
from tracker.reports.models import SignedCopy
from tracker.reports.signed import MAX_SIGNED


def _upload(client, url: str, content: bytes, name: str = "ban-ky.pdf", confirm: bool = False, back: str = ""):
    data = {"csrf_token": csrf_token(client, back or url.rsplit("/", 1)[0]),
            "file": (io.BytesIO(content), name)}
    if confirm:
        data["confirm"] = "y"
    return client.post(url, data=data, content_type="multipart/form-data", follow_redirects=True) \
        .get_data(as_text=True)


def _final_report(app, owed):  # noqa: F811
    owner = client_for(app, "vanphong.vikhe")
    expected = _current(owed)
    report_id = _compile(owner, expected)
    _write(owner, report_id)
    _finalise(owner, report_id)
    return owner, expected, report_id


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(SignedCopy))


def test_signed_pdf_becomes_the_official_copy_the_receiver_sees(app, session, owed):  # noqa: F811
    owner, expected, report_id = _final_report(app, owed)
    signed = make_pdf("So: 45/BC-UBND ngay 20 thang 6 nam 2026")
    page = _upload(owner, f"/reports/{report_id}/signed", signed, back=f"/reports/{report_id}")
    digest = hashlib.sha256(signed).hexdigest()
    assert f"Đã lưu bản đã ký làm bản chính thức (SHA-256 {digest})" in page
    assert page.index('id="signed-download"') < page.index('id="download"')  # shown and offered first
    copy = session.scalar(select(SignedCopy))
    assert copy.sha256 == digest and copy.note == ""
    receiver = client_for(app, "noichinh.ninhbinh")
    listing = receiver.get(f"/duties/expected/{expected.id}").get_data(as_text=True)
    assert f'href="/reports/signed/{copy.id}"' in listing and "Bản đã ký (PDF) – bản chính thức" in listing
    download = receiver.get(f"/reports/signed/{copy.id}")
    assert download.status_code == 200 and download.data == signed
    assert client_for(app, "noichinh.hanoi").get(f"/reports/signed/{copy.id}").status_code == 404


def test_wrong_type_other_number_and_size_are_refused_in_vietnamese(app, session, owed):  # noqa: F811
    owner, _, report_id = _final_report(app, owed)
    url, back = f"/reports/{report_id}/signed", f"/reports/{report_id}"
    page = _upload(owner, url, b"PK\x03\x04 not a pdf", name="bao-cao.docx", back=back)
    assert "Bản đã ký phải là tệp PDF" in page
    other = make_pdf("So: 46/BC-UBND ngay 20 thang 6 nam 2026")
    page = _upload(owner, url, other, back=back)
    assert "Tệp PDF ghi số 46 (ký hiệu BC-UBND), không phải số 45/BC-UBND" in page and "Vẫn tải lên" in page
    big = make_pdf("45/BC-UBND") + b"0" * MAX_SIGNED
    assert "Tệp tải lên vượt quá giới hạn dung lượng cho phép" in _upload(owner, url, big, back=back)
    from tracker.reports import signed
    from tracker.reports.models import Report

    with pytest.raises(DomainError, match="Tệp vượt quá 10 MB"):
        signed.attach(actor=None, filename="ban-ky.pdf", content=big, report=session.get(Report, report_id))
    assert _count(session) == 0
    # Confirmed anyway: kept, with the warning recorded beside it.
    page = _upload(owner, url, other, confirm=True, back=back)
    assert "Đã lưu bản đã ký" in page and _count(session) == 1
    assert "xác nhận dù khác số" in session.scalar(select(SignedCopy.note))
    # A scan (no text layer) is accepted with a note; the earlier copy stays, the newest is official.
    page = _upload(owner, url, make_pdf(), name="ban-quet.pdf", back=back)
    assert "Bản quét (không có lớp chữ)" in page and _count(session) == 2
    card = owner.get(back).get_data(as_text=True).split('id="signed"')[1].split('id="signed-form"')[0]
    assert "ban-quet.pdf" in card and "ban-ky.pdf" not in card


def test_a_draft_takes_no_signed_copy_and_others_may_not_upload(app, session, owed):  # noqa: F811
    owner = client_for(app, "vanphong.vikhe")
    report_id = _compile(owner, _current(owed))
    page = owner.get(f"/reports/{report_id}").get_data(as_text=True)
    assert 'id="signed-form"' not in page
    police = client_for(app, "congan.vikhe")
    response = police.post(f"/reports/{report_id}/signed", data={"csrf_token": csrf_token(police, "/reports/")})
    assert response.status_code == 403
    assert _count(session) == 0


def test_an_issued_plan_takes_its_signed_copy(app, session):
    from tracker.plans.models import Document

    plan = session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
    admin = client_for(app, "admin")
    page = _upload(admin, f"/reports/plan/{plan.id}/signed", make_pdf("So: 160/KH-UBND"),
                   back=f"/plans/{plan.id}")
    assert "Đã lưu bản đã ký làm bản chính thức" in page and 'id="signed-download"' in page
    # A crafted name (a NUL byte, folders) is kept as its base name: PostgreSQL refuses NUL in text.
    page = _upload(admin, f"/reports/plan/{plan.id}/signed", make_pdf("So: 160/KH-UBND"),
                   name="../x/ban\x00-ky.pdf", back=f"/plans/{plan.id}")
    assert "Đã lưu bản đã ký làm bản chính thức" in page and "ban-ky.pdf" in page


def test_a_supplementary_report_after_acceptance(app, session, owed):  # noqa: F811
    from tests.reports.test_routes import _set
    from tests.formdata import form_fields
    from tracker.duties.models import Submission
    from tracker.reports.models import Report

    owner, expected, report_id = _final_report(app, owed)
    page = owner.get(f"/reports/{report_id}").get_data(as_text=True)
    assert 'id="start-supplement"' not in page  # not before the receiver accepted it
    refused = owner.post(f"/reports/{report_id}/supplement", data={"csrf_token": csrf_token(owner, "/reports/")},
                         follow_redirects=True).get_data(as_text=True)
    assert "sau khi báo cáo của kỳ đã được tiếp nhận" in refused
    receiver = client_for(app, "noichinh.ninhbinh")
    submission = session.scalar(select(Submission).where(Submission.expected_id == expected.id))
    receiver.post(f"/duties/submissions/{submission.id}/accept",
                  data={"csrf_token": csrf_token(receiver, f"/duties/expected/{expected.id}")})
    session.expire_all()
    assert expected.review_state == "accepted", "the receiver's accept route"
    page = owner.get(f"/reports/{report_id}").get_data(as_text=True)
    assert 'id="start-supplement"' in page
    response = owner.post(f"/reports/{report_id}/supplement", data={"csrf_token": csrf_token(owner, "/reports/")})
    supplement_id = int(response.location.rsplit("/", 1)[1])
    draft = session.get(Report, supplement_id)
    assert draft.is_supplement and draft.supplements_id == report_id and draft.title.startswith("Bổ sung ")
    assert draft.opening_md.startswith("Bổ sung Báo cáo số 45/BC-UBND ngày ")
    page = owner.get(f"/reports/{supplement_id}").get_data(as_text=True)
    assert "BÁO CÁO BỔ SUNG" in page and 'id="supplement-badge"' in page and "bổ sung cho báo cáo số 45/BC-UBND" in page
    data = form_fields(page, "finalise-form")
    from tracker.core.timeutil import today_vn

    _set(data, number="52", issued_on=today_vn().isoformat())
    text = owner.post(f"/reports/{supplement_id}/finalise", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Đã hoàn thành báo cáo số 52/BC-UBND" in text
    rows = session.scalars(select(Submission).where(Submission.expected_id == expected.id)
                           .order_by(Submission.version)).all()
    assert [(s.number_text, s.state) for s in rows] == [("45/BC-UBND", "accepted"), ("52/BC-UBND", "pending")]
    listing = receiver.get(f"/duties/expected/{expected.id}").get_data(as_text=True)
    assert "45/BC-UBND" in listing and "52/BC-UBND" in listing
