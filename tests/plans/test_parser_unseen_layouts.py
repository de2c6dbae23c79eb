"""Layout classes found on documents the parser had not seen (tests/plans/corpus_extra), in small made-up texts."""
from datetime import date

from tracker.core.deadlines import find_deadlines
from tracker.plans.parser import parse_plan

CONG_VAN = """    ỦY BAN NHÂN DÂN                       CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
      TỈNH NINH THUẬN                              Độc lập - Tự do - Hạnh phúc
 Số:   512     /UBND-KT                  Ninh Thuận, ngày 03 tháng 4 năm 2026
V/v triển khai thực hiện
Chỉ thị số 07/CT-TTg ngày
   10/3/2026 của Thủ tướng
                   Kính gửi:
                                   - Các sở, ban, ngành tỉnh;
                                   - Ủy ban nhân dân các xã, phường.
       Thực hiện Chỉ thị số 07/CT-TTg ngày 10/3/2026 của Thủ tướng Chính phủ, Chủ tịch
Ủy ban nhân dân tỉnh giao:
       1. Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị liên quan xây dựng kế
hoạch, hoàn thành trước ngày 30/4/2026.
       2. Ủy ban nhân dân các xã, phường tổ chức tuyên truyền trên địa bàn.
Nơi nhận:                                               KT. CHỦ TỊCH
- Như trên;                                             PHÓ CHỦ TỊCH
- Lưu: VT, KT.
                                                         Trần Văn Bình
"""

FLAT_TABLE = """KẾ HOẠCH
Triển khai Nghị định số 10/2026/NĐ-CP

I. NHIỆM VỤ
Các nhiệm vụ tại Phụ lục kèm theo.

PHỤ LỤC
DANH MỤC NHIỆM VỤ
| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp |
| --- | --- | --- | --- |
Thời gian thực hiện
1
Tuyên truyền, phổ biến Nghị định
a)
Tổ chức hội nghị phổ biến Nghị định
Sở Tư pháp
Sở Nội vụ; các cơ quan liên quan
Quý II, III/2026
b)
Biên soạn tài liệu hướng dẫn
Sở Tư pháp
Sở Nội vụ
Thường xuyên
"""


def test_cong_van_subject_number_field_and_opening_after_recipients():
    plan = parse_plan(CONG_VAN).to_dict()
    meta = plan["metadata"]
    assert meta["number"] == "512/UBND-KT"
    assert meta["title"] == "triển khai thực hiện Chỉ thị số 07/CT-TTg ngày 10/3/2026 của Thủ tướng"
    assert meta["issuer_name"] == "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert [d["number"] for d in plan["cited_documents"] if d["relation"] == "implements"] == ["07/CT-TTg"]
    assert [a["name"] for a in plan["tasks"][0]["assignments"] if a["role"] == "lead"] == ["Sở Tư pháp"]


def test_table_flattened_one_cell_per_line_under_a_markdown_header():
    tasks = parse_plan(FLAT_TABLE).to_dict()["tasks"]
    row = next(t for t in tasks if t["text"].startswith("Tổ chức hội nghị phổ biến"))
    assert {(a["role"], a["name"]) for a in row["assignments"]} == {
        ("lead", "Sở Tư pháp"), ("coordinate", "Sở Nội vụ"), ("coordinate", "các cơ quan liên quan")}
    assert row["deadlines"][0]["due_on"] == "2026-09-30"
    other = next(t for t in tasks if t["text"].startswith("Biên soạn tài liệu"))
    assert other["deadlines"][0]["kind"] == "ongoing"


def test_a_list_of_quarters_runs_to_the_end_of_the_last():
    spec = find_deadlines("Quý III, IV/2026")[0]
    assert (spec.kind, spec.start_on, spec.due_on) == ("range", date(2026, 7, 1), date(2026, 12, 31))
    assert find_deadlines("trong quý II/2026")[0].due_on == date(2026, 6, 30)


def test_unit_names_end_before_a_task_verb_and_new_heads():
    from tracker.plans.parser.units import read_units

    def names(text, start=0):
        return [f.name for f in read_units(text, start)[0]]

    assert names("Sở Nông nghiệp và Môi trường triển khai thực hiện các nội dung") == ["Sở Nông nghiệp và Môi trường"]
    assert names("Giao phòng Quản lý Công nghiệp triển khai, thực hiện:", 5) == ["phòng Quản lý Công nghiệp"]
    assert names("Vườn quốc gia Hoàng Liên, các Công ty Lâm nghiệp chủ động nghiên cứu") == [
        "Vườn quốc gia Hoàng Liên", "các Công ty Lâm nghiệp"]
    assert names("Vụ Vật liệu xây dựng chủ trì") == ["Vụ Vật liệu xây dựng"]
    assert names("phòng, chống tham nhũng") == []


LETTER = """BỘ TƯ PHÁP                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                        Độc lập - Tự do - Hạnh phúc
   Số: 120/BTP-PL                        Hà Nội, ngày 02 tháng 3 năm 2026
V/v triển khai Luật Hòa giải
            Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương

      Để triển khai Luật, Bộ Tư pháp đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương
chỉ đạo thực hiện một số nhiệm vụ sau:
      1. Tổ chức phổ biến Luật đến cán bộ, nhân dân.
      2. Phối hợp với Bộ Tư pháp rà soát văn bản, gửi kết quả trước ngày 30 tháng 6 hằng năm.
      Bộ Tư pháp trân trọng cảm ơn sự phối hợp của Quý Ủy ban./.
Nơi nhận:                                      KT. BỘ TRƯỞNG
- Như trên;                                     THỨ TRƯỞNG
- Lưu: VT, PL.
                                                 Lê Văn An
"""

PROSE_LETTER = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI

Số:      /UBND-NC
V/v triển khai Công văn số 88/BCA-C04 của Bộ Công an

Kính gửi: Công an tỉnh

Ủy ban nhân dân tỉnh nhận được Công văn số 88/BCA-C04 ngày 02/3/2026 của Bộ Công an.
Chủ tịch Ủy ban nhân dân tỉnh giao Công an tỉnh nghiên cứu, tham mưu triển khai thực hiện, báo cáo trước ngày 20/3/2026./.

Nơi nhận:
- Như trên;
- Lưu: VT, NC.
"""


def test_points_of_a_letter_go_to_the_body_its_opening_asks():
    tasks = parse_plan(LETTER).to_dict()["tasks"]
    assert len(tasks) == 2  # the thanks is no task
    for task in tasks:
        assert [(a["role"], a["name"]) for a in task["assignments"] if a["role"] != "coordinate"] == [
            ("request", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương")]
    assert [a["name"] for a in tasks[1]["assignments"] if a["role"] == "coordinate"] == ["Bộ Tư pháp"]


def test_a_letter_without_a_list_has_its_assigning_paragraph_as_task():
    tasks = parse_plan(PROSE_LETTER).to_dict()["tasks"]
    assert len(tasks) == 1
    assert [(a["role"], a["name"]) for a in tasks[0]["assignments"]] == [("lead", "Công an tỉnh")]
    assert tasks[0]["deadlines"][0]["due_on"] == "2026-03-20"


def test_a_numbered_item_closes_the_unit_heading_before_it_in_a_letter():
    text = """Kính gửi: Các cơ quan, đơn vị.
Chủ tịch UBND tỉnh yêu cầu các cơ quan, đơn vị thực hiện như sau:
1. Sở Xây dựng
- Rà soát các bến bãi tập kết vật liệu.
2. Các sở, ban, ngành thuộc tỉnh theo chức năng chủ động tổ chức triển khai thực hiện.
3. Bộ Tài chính hoàn thiện dự thảo Quyết định.
"""
    tasks = parse_plan(text).to_dict()["tasks"]
    leads = {t["text"][:12]: [a["name"] for a in t["assignments"] if a["role"] == "lead"] for t in tasks}
    assert leads["Rà soát các "] == ["Sở Xây dựng"]
    assert leads["Các sở, ban,"] == ["Các sở, ban, ngành thuộc tỉnh"]
    assert leads["Bộ Tài chính"] == ["Bộ Tài chính"]


def test_a_paragraph_opening_with_another_body_under_a_unit_heading_is_that_body_s_task():
    text = """2. Bộ Tài chính chủ trì hoàn thiện dự thảo Đề án, trình Thủ tướng Chính phủ trước ngày 20 tháng 10 năm 2024, bảo đảm đúng quy định của pháp luật và tính khả thi. Trong đó chú ý một số nội dung sau:
- Về trao đổi tín chỉ:
Bộ Nông nghiệp và Phát triển nông thôn khẩn trương có văn bản gửi Bộ Tài chính những nội dung liên quan.
Bộ Tư pháp phối hợp thẩm định dự thảo.
"""
    tasks = parse_plan(text).to_dict()["tasks"]
    by_start = {t["text"][:14]: {(a["role"], a["name"]) for a in t["assignments"]} for t in tasks}
    assert ("lead", "Bộ Nông nghiệp và Phát triển nông thôn") in by_start["Bộ Nông nghiệp"]
    assert ("lead", "Bộ Tài chính") not in by_start["Bộ Nông nghiệp"]
    assert ("coordinate", "Bộ Tư pháp") in by_start["Bộ Tư pháp phố"]


COMPANY_LETTER = """UBND TỈNH HÀ GIANG                        CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG                         Độc lập - Tự do - Hạnh Phúc

        Số: 310 /SNNMT-KS                          Hà Giang, ngày 05 tháng 5 năm 2026
V/v thực hiện nghĩa vụ sau khi được cấp phép

       Kính gửi: Công ty TNHH Khoáng sản Bắc Mê
          (Địa chỉ: Xã Bắc Mê, tỉnh Hà Giang)

      Công ty TNHH Khoáng sản Bắc Mê được cấp Giấy phép khai thác khoáng sản. Sở Nông nghiệp và Môi
trường đề nghị Công ty thực hiện đầy đủ các nội dung sau:
        1. Trước khi khai thác
      - Thực hiện cắm mốc khu vực khai thác.
      - Phối hợp với UBND xã Bắc Mê thực hiện công tác bồi thường.
        2. Yêu cầu đối với các tổ chức, cá nhân được thuê khai thác.
        2.1. Báo cáo sản lượng khai thác
(1) Tổ chức, cá nhân phải lập báo cáo định kỳ, nộp trước ngày 15 tháng 02 của năm liền kề sau năm báo cáo.
"""


def test_a_letter_to_one_company_asks_that_company_and_addressed_groups_head_their_points():
    tasks = parse_plan(COMPANY_LETTER).to_dict()["tasks"]
    roles = {t["text"][:20]: {(a["role"], a["name"]) for a in t["assignments"]} for t in tasks}
    assert roles["Thực hiện cắm mốc kh"] == {("request", "Công ty TNHH Khoáng sản Bắc Mê")}
    assert roles["Phối hợp với UBND xã"] == {("request", "Công ty TNHH Khoáng sản Bắc Mê"),
                                             ("coordinate", "UBND xã Bắc Mê")}
    point = next(t for t in tasks if "lập báo cáo định kỳ" in t["text"])
    assert [a["name"] for a in point["assignments"] if a["role"] == "lead"] == [
        "các tổ chức, cá nhân được thuê khai thác"]
    assert point["deadlines"][0]["kind"] == "recurring"


def test_a_prose_letter_whose_ask_opens_with_thuc_hien_asks_the_qualified_group():
    text = """UBND TỈNH YÊN BÁI
SỞ CÔNG THƯƠNG

Số:      /SCT-CN
V/v báo cáo hoạt động hóa chất

Kính gửi: Các đơn vị hoạt động hóa chất trên địa bàn tỉnh

Thực hiện chức năng, nhiệm vụ được giao, Sở Công Thương yêu cầu các đơn vị kinh doanh hóa chất trên địa bàn tỉnh chưa gửi báo cáo khẩn trương thực hiện báo cáo trước ngày 08 tháng 4 năm 2026.
Sở Công Thương yêu cầu các đơn vị nghiêm túc thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""
    tasks = parse_plan(text).to_dict()["tasks"]
    assert len(tasks) == 1
    assert [(a["role"], a["name"]) for a in tasks[0]["assignments"]] == [
        ("lead", "các đơn vị kinh doanh hóa chất trên địa bàn tỉnh")]
    assert tasks[0]["deadlines"][0]["due_on"] == "2026-04-08"
