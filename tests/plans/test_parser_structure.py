"""Parser rules on small texts: blocks and page breaks, header, cited documents, tasks, duties, tail."""
from datetime import date

from tracker.plans.parser import parse_plan
from tracker.plans.parser.blocks import split_blocks
from tracker.plans.parser.header import proper_case


def test_page_break_in_mid_sentence_is_one_paragraph_with_both_lines():
    blocks = split_blocks(["- Tăng cường kiểm tra; kịp thời phát hiện, xử lý nghiêm", "", "",
                           "những vi phạm trong công tác tiếp công dân.", "", "- Tiếp tục củng cố."])
    assert [b.lines for b in blocks] == [[1, 4], [6]]
    assert blocks[0].text.endswith("xử lý nghiêm những vi phạm trong công tác tiếp công dân.")
    assert blocks[0].line_at(blocks[0].text.index("những")) == 4


def test_no_join_after_a_finished_sentence_a_colon_or_an_upper_case_title():
    blocks = split_blocks(["Nội dung đã xong.", "", "tiếp theo viết thường", "", "KẾ HOẠCH", "",
                           "triển khai thực hiện Kết luận"])
    assert [b.lines for b in blocks] == [[1], [3], [5], [7]]


def test_markdown_headings_bold_and_numbering_styles():
    blocks = split_blocks(["#### I. MỤC ĐÍCH, YÊU CẦU", "## **II. NHIỆM VỤ CỤ THỂ**", "### **1. Công an phường**",
                           "**3.** Công an phường xây dựng kế hoạch.", "II- NHIỆM VỤ", "2- Ủy ban nhân dân xã",
                           "a) Chủ trì rà soát.", "+ Thực hiện tiếp dân."])
    assert [(b.kind, b.style, b.marker, b.text) for b in blocks] == [
        ("heading", "roman", "I", "MỤC ĐÍCH, YÊU CẦU"), ("heading", "roman", "II", "NHIỆM VỤ CỤ THỂ"),
        ("heading", "arabic", "1", "Công an phường"), ("item", "arabic", "3", "Công an phường xây dựng kế hoạch."),
        ("heading", "roman", "II", "NHIỆM VỤ"), ("heading", "arabic", "2", "Ủy ban nhân dân xã"),
        ("item", "letter", "a", "Chủ trì rà soát."), ("item", "bullet", "-", "Thực hiện tiếp dân.")]


def test_proper_case_of_header_issuers():
    assert proper_case("ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM") == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert proper_case("ĐẢNG ỦY XÃ TÂN LẬP") == "Đảng ủy xã Tân Lập"
    assert proper_case("TỈNH ỦY TÂY NINH") == "Tỉnh ủy Tây Ninh"
    assert proper_case("SỞ TƯ PHÁP") == "Sở Tư pháp"


HEADER = """ỦY BAN NHÂN DÂN\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG VỊ KHÊ\t\tĐộc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND\t\tVị Khê, ngày 03 tháng 6 năm 2026

KẾ HOẠCH
Tiếp công dân năm 2026

Căn cứ Luật Tiếp công dân năm 2013; thực hiện Kế hoạch số 160/KH-UBND ngày 13/5/2026 của UBND tỉnh Ninh Bình, UBND phường xây dựng Kế hoạch như sau:

I. NHIỆM VỤ
1. Công an phường chủ trì, phối hợp với Trung tâm Dịch vụ sự nghiệp công rà soát, hoàn thành trong quý III/2026.
"""


def test_header_cells_side_by_side_give_issuer_number_place_and_date():
    meta = parse_plan(HEADER).metadata
    assert (meta.issuer_name, meta.issuer_source) == ("Ủy ban nhân dân phường Vị Khê", "header")
    assert (meta.number, meta.number_value, meta.place) == ("12/KH-UBND", "12", "Vị Khê")
    assert (meta.issued_on, meta.doc_type, meta.title) == (date(2026, 6, 3), "KH", "Tiếp công dân năm 2026")
    assert meta.source_lines["date"] == (3, 3) and meta.source_lines["doc_type"] == (5, 5)
    assert meta.source_lines["title"] == (6, 6) and meta.source_lines["issuer"] == (1, 2)


def test_a_quarter_without_year_in_a_task_takes_the_plan_year():
    plan = parse_plan(HEADER.replace("quý III/2026", "quý III"))
    assert plan.tasks[0].deadlines[0].due_on == date(2026, 9, 30)
    assert [(a.role, a.unit.name) for a in plan.tasks[0].assignments] == [
        ("lead", "Công an phường"), ("coordinate", "Trung tâm Dịch vụ sự nghiệp công")]


def test_blank_date_keeps_year_and_month():
    meta = parse_plan("Số: /KH-UBND\n\nHà Tĩnh, ngày     tháng 7 năm 2026\n\nKẾ HOẠCH\nVề việc A").metadata
    assert (meta.issued_on, meta.issued_year, meta.issued_month) == (None, 2026, 7)
    assert (meta.number, meta.number_value) == ("/KH-UBND", None)


OPENING = ("KẾ HOẠCH\nThực hiện Kết luận số 107-KL/TW\n\nCăn cứ Nghị định số 124/2020/NĐ-CP ngày 19/10/2020 của "
           "Chính phủ quy định chi tiết một số điều của Luật Khiếu nại; thực hiện Kế hoạch số 1/KH-TTTP ngày "
           "02/01/2026 của Thanh tra Chính phủ về thực hiện Kết luận số 107-KL/TW; theo đề nghị của Sở Nội vụ "
           "tại Tờ trình số 9/TTr-SNV ngày 05/01/2026, UBND tỉnh ban hành Kế hoạch như sau:\n\nI. NHIỆM VỤ\n"
           "1. Sở Nội vụ thực hiện Chỉ thị 35-CT/TW.\n")


def test_opening_documents_implement_with_their_basis_and_nested_ones_are_mentions():
    docs = parse_plan(OPENING).cited_documents
    assert [(d.number, d.relation, d.basis, d.doc_type) for d in docs] == [
        ("124/2020/NĐ-CP", "implements", "legal_basis", "NĐ"), ("1/KH-TTTP", "implements", "implementing", "KH"),
        ("9/TTr-SNV", "implements", "proposal", "TTr"), ("107-KL/TW", "mentions", None, "KL"),
        ("35-CT/TW", "mentions", None, "CT")]
    assert docs[0].issuer_name == "Chính phủ" and docs[2].issuer_name == "Sở Nội vụ"
    assert docs[1].title == "thực hiện Kết luận số 107-KL/TW"
    assert docs[3].occurrences == [2, 4]


def test_likely_symbol_typo_is_flagged_from_the_issuer_and_kept_as_written():
    plan = parse_plan(OPENING)
    typo = plan.cited_documents[1]
    assert typo.number == "1/KH-TTTP" and typo.suggested_number == "1/KH-TTCP"
    assert "TTCP" in typo.warnings[0]
    assert [w["code"] for w in plan.warnings] == ["symbol_typo"]


def test_a_matching_symbol_has_no_warning():
    plan = parse_plan(OPENING.replace("1/KH-TTTP", "1/KH-TTCP"))
    assert plan.cited_documents[1].warnings == [] and plan.warnings == []


TASKS = """II. NHIỆM VỤ

1. Nhiệm vụ chung
- Tăng cường công tác tuyên truyền.

2. Sở Tư pháp
- Chủ trì, phối hợp với Sở Nội vụ, Báo Hà Tĩnh tuyên truyền, hoàn thành trước ngày 30/6/2026.
- Phối hợp đôn đốc các huyện.

3. Đề nghị Ủy ban MTTQ tỉnh và các tổ chức chính trị - xã hội tỉnh
- Tăng cường giám sát; phối hợp với Thanh tra tỉnh tổ chức đối thoại.

4. Các cơ quan, đơn vị xây dựng kế hoạch, gửi về Sở Nội vụ trước ngày 15/4/2026.

5. Giao Văn phòng UBND tỉnh theo dõi; định kỳ hằng quý tham mưu UBND tỉnh báo cáo Bộ Nội vụ (qua Vụ Địa phương).

Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo UBND tỉnh./.
"""


def _roles(task):
    return [(a.role, a.unit.name) for a in task.assignments]


def test_tasks_take_their_units_from_headings_subjects_and_phrases():
    plan = parse_plan(TASKS)
    assert [(t.lines, t.scope) for t in plan.tasks] == [((4, 4), "general"), ((7, 7), "unit"), ((8, 8), "unit"),
                                                       ((11, 11), "unit"), ((13, 13), "general"),
                                                       ((15, 15), "unit")]
    assert _roles(plan.tasks[1]) == [("lead", "Sở Tư pháp"), ("coordinate", "Sở Nội vụ"),
                                     ("coordinate", "Báo Hà Tĩnh")]
    assert plan.tasks[1].deadlines[0].due_on == date(2026, 6, 30)
    assert _roles(plan.tasks[2]) == [("lead", "Sở Tư pháp")]
    assert _roles(plan.tasks[3]) == [("request", "Ủy ban MTTQ tỉnh"),
                                     ("request", "các tổ chức chính trị - xã hội tỉnh"),
                                     ("coordinate", "Thanh tra tỉnh")]
    assert _roles(plan.tasks[4]) == [("lead", "Các cơ quan, đơn vị")]
    assert plan.tasks[5].assignments[0].unit.source == "subject"
    assert plan.tasks[1].assignments[0].unit.source == "heading" and plan.tasks[1].assignments[0].unit.line == 6


def test_duties_from_send_and_from_advising_the_issuer_to_report():
    duties = parse_plan(TASKS).duties
    assert [(d.task, d.what, [u.name for u in d.to], [u.name for u in d.forward_to], [u.name for u in d.via])
            for d in duties] == [(4, "plan", ["Sở Nội vụ"], [], []),
                                 (5, "results", ["UBND tỉnh"], ["Bộ Nội vụ"], ["Vụ Địa phương"])]
    assert duties[0].when.due_on == date(2026, 4, 15)
    assert duties[1].when.kind == "recurring" and duties[1].when.periods == ("quarter",)
    assert [u.name for u in duties[0].reporters] == ["Các cơ quan, đơn vị"]


def test_sections_with_their_kinds_and_the_closing_paragraph_is_not_a_task():
    plan = parse_plan(TASKS)
    assert [(s.number, s.level, s.kind, s.parent) for s in plan.sections] == [
        ("II", 1, "tasks", None), ("1", 2, "tasks", 0), ("2", 2, "tasks", 0), ("3", 2, "tasks", 0)]
    assert all("khó khăn" not in t.text for t in plan.tasks)


TAIL = """I. NHIỆM VỤ
1. Công an xã rà soát.

Nơi nhận:\t\tTM. ỦY BAN NHÂN DÂN
- UBND huyện;\t\tCHỦ TỊCH
- TT Đảng ủy; TT HĐND xã;
- Lưu: VT, VP.\t\t(Đã ký)

\t\t★ **Nguyễn Văn Bình**

¹ Chú thích không được trích dẫn.
"""


def test_recipients_and_signature_side_by_side():
    plan = parse_plan(TAIL)
    assert [r.name for r in plan.recipients] == ["UBND huyện", "TT Đảng ủy", "TT HĐND xã"]
    assert plan.archive == {"text": "Lưu: VT, VP", "holders": ["VT", "VP"], "lines": [7, 7]}
    signer = plan.metadata.signer
    assert (signer.authority, signer.position, signer.name, signer.lines) == (
        ["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "Nguyễn Văn Bình", (4, 9))
    assert [t.text for t in plan.tasks] == ["Công an xã rà soát."]
    assert [w["code"] for w in plan.warnings] == ["footnote_unused"]


def test_markdown_footnotes_are_attached_to_their_sentence():
    text = "I. NHIỆM VỤ\n- Sở Nội vụ rà soát văn bản[^1]; báo cáo kết quả.\n\n[^1]: Văn bản số 12/UBND-NC ngày 01/02/2026."
    plan = parse_plan(text)
    note = plan.footnotes[0]
    assert (note.marker, note.text, note.lines) == ("1", "Văn bản số 12/UBND-NC ngày 01/02/2026.", (4, 4))
    assert note.cited_at == [{"line": 2, "sentence": "Sở Nội vụ rà soát văn bản[^1]", "task": 0}]
    assert plan.tasks[0].footnotes == ["1"]
    assert plan.cited_documents[0].number == "12/UBND-NC" and plan.cited_documents[0].doc_type == "CV"


def test_the_subject_after_an_introductory_clause_leads_and_reports():
    plan = parse_plan("IV. CHẾ ĐỘ THÔNG TIN, BÁO CÁO\n- Định kỳ trước ngày 15/6 và 15/12 hằng năm, các sở, ban, ngành và "
                      "UBND các huyện gửi báo cáo kết quả về Sở Nội vụ để tổng hợp, báo cáo UBND tỉnh.\n- Khi có vụ "
                      "việc phức tạp, Công an tỉnh kịp thời báo cáo Ban Thường vụ Tỉnh ủy.\n- Căn cứ Kế hoạch này, yêu "
                      "cầu các cơ quan, đơn vị có liên quan triển khai thực hiện.")
    assert [_roles(t) for t in plan.tasks] == [[("lead", "các sở, ban, ngành"), ("lead", "UBND các huyện")],
                                               [("lead", "Công an tỉnh")],
                                               [("lead", "các cơ quan, đơn vị có liên quan")]]
    assert [(d.what, [u.name for u in d.reporters], [u.name for u in d.to], d.when and d.when.periods)
            for d in plan.duties] == [("results", ["các sở, ban, ngành", "UBND các huyện"], ["Sở Nội vụ"], ("year",)),
                                      ("ad_hoc", ["Công an tỉnh"], ["Ban Thường vụ Tỉnh ủy"], None)]
    assert plan.sections[0].kind == "reporting"


ANNEX = """I. NHIỆM VỤ
1. Các sở, ngành thực hiện các nhiệm vụ tại Phụ lục kèm theo.

Nơi nhận:
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lê Văn Hòa

**PHỤ LỤC**
DANH MỤC NHIỆM VỤ

| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |
|---|---|---|---|
| 1 | Rà soát vụ việc tồn đọng | Thanh tra tỉnh | Quý III/2026 |
"""


def test_an_annex_after_the_signature_is_one_more_task_section():
    plan = parse_plan(ANNEX)
    assert [(s.number, s.kind, s.lines) for s in plan.sections] == [("I", "tasks", (1, 1)), (None, "tasks", (12, 13))]
    assert [(t.section, t.text, _roles(t)) for t in plan.tasks] == [
        (0, "Các sở, ngành thực hiện các nhiệm vụ tại Phụ lục kèm theo.", [("lead", "Các sở, ngành")]),
        (1, "Rà soát vụ việc tồn đọng", [("lead", "Thanh tra tỉnh")])]
    assert (plan.tasks[1].deadlines[0].due_on, plan.tasks[1].deadlines[0].quarter) == (date(2026, 9, 30), 3)
    assert (plan.metadata.signer.name, plan.metadata.signer.lines) == ("Lê Văn Hòa", (7, 10))
