"""Plans in other layouts than the seeds (a provincial state plan, a commune party plan), .docx input, the
resolver hook, stable JSON and speed."""
import io
import json
import time
from datetime import date
from pathlib import Path

import docx

from tracker.core.textio import read_plan_bytes
from tracker.plans.parser import parse_plan

SEEDS = Path(__file__).parent / "seeds"

PROVINCE = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NAM                           Độc lập - Tự do - Hạnh phúc

Số: 1234/KH-UBND                        Quảng Nam, ngày 15 tháng 3 năm 2025

KẾ HOẠCH
Triển khai thực hiện Chỉ thị số 05/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ
về tăng cường công tác tiếp công dân trên địa bàn tỉnh

Căn cứ Nghị định số 124/2020/NĐ-CP ngày 19/10/2020 của Chính phủ quy định chi tiết một số điều của Luật Khiếu nại;
Thực hiện Chỉ thị số 05/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ về tăng cường công tác tiếp công dân;
Theo đề nghị của Chánh Thanh tra tỉnh tại Tờ trình số 45/TTr-TTT ngày 01/3/2025.
Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao hiệu quả công tác tiếp công dân.

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Sở Tư pháp
a) Chủ trì, phối hợp với Sở Thông tin và Truyền thông, Báo Quảng Nam tổ chức tuyên truyền, hoàn thành trước ngày 30/6/2025.
b) Hướng dẫn UBND các huyện, thị xã, thành phố triển khai hòa giải ở cơ sở trong quý III/2025.
2. Sở Tài chính tham mưu UBND tỉnh bố trí kinh phí thực hiện Kế hoạch.
3. UBND các huyện, thị xã, thành phố
- Xây dựng kế hoạch triển khai tại địa phương, gửi về Thanh tra tỉnh trước ngày 15/4/2025.
- Định kỳ hằng quý báo cáo kết quả thực hiện về UBND tỉnh (qua Thanh tra tỉnh).

III. KINH PHÍ THỰC HIỆN
Kinh phí thực hiện từ nguồn ngân sách nhà nước theo phân cấp hiện hành.

IV. TỔ CHỨC THỰC HIỆN
1. Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện, thị xã, thành phố chịu trách nhiệm tổ chức thực hiện.
2. Giao Thanh tra tỉnh theo dõi, đôn đốc, định kỳ 6 tháng, năm tổng hợp, báo cáo UBND tỉnh trước ngày 15/6 và 15/12 hằng năm.
Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về Thanh tra tỉnh./.

Nơi nhận:
- Thanh tra Chính phủ (b/c);
- TT Tỉnh ủy, TT HĐND tỉnh;
- Lưu: VT, NC.
                                                                    TM. ỦY BAN NHÂN DÂN
                                                                    KT. CHỦ TỊCH
                                                                    PHÓ CHỦ TỊCH

                                                                    (Đã ký)

                                                                    Nguyễn Văn An
"""

COMMUNE_PARTY = """ĐẢNG BỘ TỈNH LÀO CAI                         ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ TÂN LẬP
*
Số 15-KH/ĐU                                    Tân Lập, ngày 05 tháng 4 năm 2025

KẾ HOẠCH
thực hiện Kết luận số 107-KL/TW, ngày 24/12/2024 của Bộ Chính trị
-----

Thực hiện Kế hoạch số 463-KH/TU, ngày 07/3/2025 của Ban Thường vụ Tỉnh ủy; Hướng dẫn số 05-HD/BNCTU ngày 10/3/2025 của Ban Nội chính Tỉnh ủy, Ban Thường vụ Đảng ủy xã xây dựng Kế hoạch thực hiện như sau:

I- MỤC ĐÍCH, YÊU CẦU
- Quán triệt sâu sắc nội dung Kết luận số 107-KL/TW.

II- NHIỆM VỤ TRỌNG TÂM
1- Các chi bộ trực thuộc tổ chức quán triệt Kết luận đến toàn thể đảng viên, hoàn thành trong tháng 5/2025.
2- Ủy ban nhân dân xã
+ Chủ trì, phối hợp với Công an xã, Ủy ban MTTQ xã rà soát các vụ việc tồn đọng, báo cáo Ban Thường vụ Đảng ủy trước ngày 30/6/2025.
+ Thực hiện tiếp công dân định kỳ vào ngày 15 hằng tháng.
3- Đề nghị Ủy ban MTTQ và các đoàn thể chính trị - xã hội xã tăng cường giám sát.

III- TỔ CHỨC THỰC HIỆN
1- Văn phòng Đảng ủy theo dõi, đôn đốc; định kỳ 6 tháng, năm tham mưu Ban Thường vụ Đảng ủy báo cáo Ban Thường vụ Tỉnh ủy (qua Ban Nội chính Tỉnh ủy).

Nơi nhận:
- Ban Thường vụ Tỉnh ủy (b/c),
- Các chi bộ trực thuộc,
- Lưu Văn phòng Đảng ủy.

T/M ĐẢNG ỦY
BÍ THƯ

Trần Văn Bình
"""


def _roles(task):
    return [(a.role, a.unit.name) for a in task.assignments]


def test_provincial_plan_with_a_header_table_as_text():
    plan = parse_plan(PROVINCE)
    meta = plan.metadata
    assert (meta.issuer_name, meta.number, meta.place, meta.issued_on) == (
        "Ủy ban nhân dân tỉnh Quảng Nam", "1234/KH-UBND", "Quảng Nam", date(2025, 3, 15))
    assert meta.title.endswith("của Thủ tướng Chính phủ về tăng cường công tác tiếp công dân trên địa bàn tỉnh")
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == (
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Nguyễn Văn An")
    assert [(d.number, d.basis, d.issuer_name) for d in plan.cited_documents] == [
        ("124/2020/NĐ-CP", "legal_basis", "Chính phủ"), ("05/CT-TTg", "implementing", "Thủ tướng Chính phủ"),
        ("45/TTr-TTT", "proposal", "Chánh Thanh tra tỉnh")]
    assert [s.kind for s in plan.sections if s.level == 1] == ["purpose", "tasks", "funding", "implementation"]
    assert [(t.marker, t.lines[0]) for t in plan.tasks] == [("a)", 21), ("b)", 22), ("2.", 23), ("-", 25), ("-", 26),
                                                           ("1.", 32), ("2.", 33)]
    assert _roles(plan.tasks[0]) == [("lead", "Sở Tư pháp"), ("coordinate", "Sở Thông tin và Truyền thông"),
                                     ("coordinate", "Báo Quảng Nam")]
    assert plan.tasks[1].deadlines[0].due_on == date(2025, 9, 30)
    assert _roles(plan.tasks[5]) == [("lead", "Thủ trưởng các sở, ban, ngành"),
                                     ("lead", "Chủ tịch UBND các huyện, thị xã, thành phố")]
    assert [(d.kind, d.periods) for d in plan.tasks[6].deadlines] == [("recurring", ("half_year", "year"))]
    assert [(d.task, d.what, [u.name for u in d.to]) for d in plan.duties] == [
        (3, "plan", ["Thanh tra tỉnh"]), (4, "results", ["UBND tỉnh"]), (6, "results", ["UBND tỉnh"])]
    assert [r.name for r in plan.recipients] == ["Thanh tra Chính phủ (b/c)", "TT Tỉnh ủy, TT HĐND tỉnh"]


def test_commune_party_plan_with_hyphen_numbering():
    plan = parse_plan(COMMUNE_PARTY)
    meta = plan.metadata
    assert (meta.issuer_name, meta.number, meta.issued_on) == ("Đảng ủy xã Tân Lập", "15-KH/ĐU", date(2025, 4, 5))
    assert [(s.number, s.kind) for s in plan.sections] == [("I", "purpose"), ("II", "tasks"), ("2", "tasks"),
                                                           ("III", "implementation")]
    assert [(d.number, d.relation) for d in plan.cited_documents] == [
        ("463-KH/TU", "implements"), ("05-HD/BNCTU", "implements"), ("107-KL/TW", "mentions")]
    assert _roles(plan.tasks[0]) == [("lead", "Các chi bộ trực thuộc")]
    assert plan.tasks[0].deadlines[0].due_on == date(2025, 5, 31)
    assert _roles(plan.tasks[1]) == [("lead", "Ủy ban nhân dân xã"), ("coordinate", "Công an xã"),
                                     ("coordinate", "Ủy ban MTTQ xã")]
    assert [(d.kind, d.periods) for d in plan.tasks[2].deadlines] == [("recurring", ("month",))]
    assert _roles(plan.tasks[3]) == [("request", "Ủy ban MTTQ"), ("request", "các đoàn thể chính trị - xã hội xã")]
    last = plan.duties[-1]
    assert ([u.name for u in last.to], [u.name for u in last.forward_to], [u.name for u in last.via]) == (
        ["Ban Thường vụ Đảng ủy"], ["Ban Thường vụ Tỉnh ủy"], ["Ban Nội chính Tỉnh ủy"])
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == (["T/M ĐẢNG ỦY"], "BÍ THƯ",
                                                                               "Trần Văn Bình")


def _seed_as_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            document.add_heading(line.lstrip("# ").replace("**", ""), level=min(level, 6))
        else:
            document.add_paragraph(line.replace("**", ""))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_seed_read_from_docx_gives_the_same_plan_as_from_text():
    text = (SEEDS / "000_c7c61f0ecab3ec8b.txt").read_text(encoding="utf-8")
    from_docx = parse_plan("\n".join(read_plan_bytes(_seed_as_docx(text), "kehoach.docx")))
    from_text = parse_plan(text)
    assert [t.text for t in from_docx.tasks] == [t.text for t in from_text.tasks]
    assert [[(a.role, a.unit.name) for a in t.assignments] for t in from_docx.tasks] == \
        [[(a.role, a.unit.name) for a in t.assignments] for t in from_text.tasks]
    assert from_docx.metadata.signer.name == "Bùi Quốc Trung"


def test_the_resolver_sees_every_unit_name_and_its_answer_is_kept():
    asked = []

    def resolver(name):
        asked.append(name)
        return {"unit_id": 7} if name == "Công an phường" else None

    plan = parse_plan((SEEDS / "000_c7c61f0ecab3ec8b.txt").read_text(encoding="utf-8"), resolver)
    police = [a.unit for t in plan.tasks for a in t.assignments if a.unit.name == "Công an phường"]
    assert police and all(u.match == {"unit_id": 7} for u in police)
    assert "Văn phòng HĐND và UBND" in asked and "UBND phường" in asked
    assert plan.to_dict()["tasks"][18]["assignments"][0]["match"] == {"unit_id": 7}


def test_json_is_stable_serialisable_and_versioned():
    text = (SEEDS / "004_efd667e977579b2a.txt").read_text(encoding="utf-8")
    first, second = parse_plan(text).to_dict(), parse_plan(text).to_dict()
    assert json.dumps(first, ensure_ascii=False, sort_keys=True) == json.dumps(second, ensure_ascii=False,
                                                                               sort_keys=True)
    assert first["schema"] == 1 and first["line_count"] == 130
    assert set(first) == {"schema", "line_count", "metadata", "cited_documents", "sections", "tasks", "duties",
                          "recipients", "archive", "footnotes", "warnings"}
    task = first["tasks"][25]
    assert set(task) == {"index", "section", "marker", "text", "lines", "scope", "assignments", "deadlines",
                         "footnotes"}
    assert set(task["assignments"][0]) == {"role", "name", "name_key", "is_group", "note", "line", "source",
                                           "match"}


def test_every_seed_parses_well_under_100_ms():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    parse_plan(texts[0])
    for text in texts:
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            parse_plan(text)
            runs.append(time.perf_counter() - start)
        assert sorted(runs)[1] < 0.1
