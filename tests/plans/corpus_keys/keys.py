"""Golden keys for the real plans of /work/shared/corpus, written by reading each text (never from the parser).

Per document: number (as in `Số:`; "/KH-UBND" or "-KH/ĐU" for a draft), date (ISO, or year/month when the day
is blank), issuer (the body's full name as a person writes it), title (trích yếu), signer (name), implements
(numbers of the documents the opening paragraph implements or cites as basis) and, for some documents, tasks.
A task is found by the start of its text; its roles are unit names; `deadline` is the due date (ISO) or a kind
("ongoing", "recurring", "ad_hoc") when there is no date. A role left out of a task is not scored.
`fenced` marks files whose document is the fenced ```text block inside a repository's Markdown wrapper.
"""

KEYS = {
    "01_central_dangdoanqh-3260-KH-DDQH15-2025_trien-khai-nq57.md": dict(
        number="3260-KH/ĐĐQH15", issued_on="2025-01-10", year=2025, month=1, issuer="Đảng đoàn Quốc hội",
        title="khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 Bộ Chính trị về đột phá phát triển khoa học, "
              "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        signer="Trần Thanh Mẫn", implements=["57-NQ/TW"]),
    "02_central_chinhphu-03-NQ-CP-2025_ctrhd-nq57-khcn-cds.md": dict(
        number="03/NQ-CP", issued_on="2025-01-09", year=2025, month=1, issuer="Chính phủ",
        title="Ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm "
              "2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
              "quốc gia",
        signer="Nguyễn Hòa Bình", implements=["57-NQ/TW", "04/TTr-BKHCN-BTTTT", "83/BKHCN-BTTTT-VP"]),
    "03_central_chinhphu-88-NQ-CP-2022_ctrhd-nq10-khoang-san.txt": dict(
        number="88/NQ-CP", issued_on="2022-07-22", year=2022, month=7, issuer="Chính phủ",
        title="Về việc ban hành chương trình hành động của Chính phủ thực hiện Nghị quyết số 10-NQ/TW ngày 10 tháng "
              "02 năm 2022 của Bộ Chính trị về định hướng chiến lược địa chất, khoáng sản và công nghiệp khai khoáng "
              "đến năm 2030, tầm nhìn đến năm 2045",
        signer="Lê Văn Thành", implements=["10-NQ/TW", "46-HD/BTGTW"]),
    "04_ministry_bxd-836-QD-BXD-2019_kh-lap-quy-hoach-khoang-san-vlxd.txt": dict(
        number="836/QĐ-BXD", issued_on="2019-10-14", year=2019, month=10, issuer="Bộ Xây dựng",
        title="Phê duyệt kế hoạch lập quy hoạch thăm dò, khai thác, chế biến và sử dụng các loại khoáng sản làm vật "
              "liệu xây dựng thời kỳ 2021-2030, tầm nhìn đến năm 2050",
        signer="Phạm Hồng Hà", implements=["21/2017/QH14", "37/2019/NĐ-CP", "81/2017/NĐ-CP", "995/QĐ-TTg"]),
    "05_ministry_btnmt-09-KH-BTNMT-2024_trien-khai-ct13-tin-chi-carbon.txt": dict(
        number="09/KH-BTNMT", issued_on="2024-08-06", year=2024, month=8, issuer="Bộ Tài nguyên và Môi trường",
        title="Triển khai thực hiện Chỉ thị số 13/CT-TTg ngày 02 tháng 5 năm 2024 của Thủ tướng Chính phủ về tăng "
              "cường công tác quản lý tín chỉ các-bon nhằm thực hiện Đóng góp do quốc gia tự quyết định",
        signer="Lê Công Thành", implements=["13/CT-TTg"],
        tasks=[
            dict(text="Cục Viễn thám quốc gia chủ trì", lead=["Cục Viễn thám quốc gia"],
                 coordinate=["Cục Biến đổi khí hậu", "Cục Bảo tồn thiên nhiên và Đa dạng sinh học",
                             "cơ quan chuyên môn thuộc Bộ Nông nghiệp và Phát triển nông thôn",
                             "các địa phương có rừng"]),
            dict(text="Hoàn thiện dự thảo Nghị định sửa đổi", lead=["Cục Biến đổi khí hậu"],
                 coordinate=["Vụ Pháp chế", "các đơn vị có liên quan thuộc Bộ TN&MT"], deadline="2024-08-31"),
            dict(text="Hoàn thiện dự thảo Kế hoạch giảm phát thải", lead=["Cục Biến đổi khí hậu"],
                 coordinate=["Vụ Môi trường", "Cục Kiểm soát ô nhiễm môi trường",
                             "các đơn vị có liên quan thuộc Bộ TN&MT"], deadline="2024-08-31"),
            dict(text="Thiết lập Hệ thống đăng ký quốc gia", lead=["Cục Biến đổi khí hậu"],
                 coordinate=["Cục Chuyển đổi số và Thông tin dữ liệu TNMT", "các đơn vị thuộc các Bộ có liên quan"],
                 deadline="2025-12-31"),
            dict(text="Điều tra, đánh giá mức độ sẵn sàng", lead=["Cục Biến đổi khí hậu"], deadline="2027-12-31"),
            dict(text="Ứng dụng công nghệ viễn thám", lead=["Cục Viễn thám quốc gia"], deadline="2030-12-31"),
            dict(text="Tổ chức các khóa đào tạo, tập huấn", lead=["Cục Biến đổi khí hậu"], deadline="2030-12-31"),
            dict(text="Nghiên cứu tham mưu xây dựng và thực hiện",
                 lead=["Viện Khoa học Khí tượng thủy văn và Biến đổi khí hậu", "Viện Chiến lược, Chính sách TN&MT"],
                 coordinate=["Cục Biến đổi khí hậu", "các cơ quan, đơn vị có liên quan"], deadline="2030-12-31"),
            dict(text="Thiết lập và vận hành chuyên trang",
                 lead=["Trung tâm Truyền thông TN&MT", "Báo TN&MT", "Tạp chí TN&MT"], deadline="2025-12-31"),
        ]),
    "08_province_ubnd-laocai-KH-UBND-2026_trien-khai-ct11-khoang-san.docx": dict(
        number="/KH-UBND", issued_on=None, year=2026, month=None, issuer="Ủy ban nhân dân tỉnh Lào Cai",
        title="Triển khai thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban Thường vụ Tỉnh ủy về tăng cường sự "
              "lãnh đạo của Đảng đối với công tác quản lý nhà nước về khoáng sản trên địa bàn tỉnh Lào Cai",
        signer="Nguyễn Thành Sinh", implements=["11-CT/TU"],
        tasks=[
            dict(text="Tổ chức quán triệt sâu rộng Chỉ thị của Ban Thường vụ",
                 lead=["Các Sở, ban, ngành", "UBND các xã, phường"], deadline="2026-06-30"),
            dict(text="Rà soát, điều chỉnh, cập nhật bổ sung phương án", lead=["Sở Nông nghiệp và Môi trường"],
                 deadline="2026-05-31"),
            dict(text="Thực hiện rà soát các khó khăn, vướng mắc, bất cập", lead=["Sở Nông nghiệp và Môi trường"],
                 deadline="2026-12-31"),
            dict(text="Tham mưu trình kế hoạch đấu giá", lead=["Sở Nông nghiệp và Môi trường"],
                 deadline="recurring"),
            dict(text="Yêu cầu các đơn vị lắp đặt", lead=["Sở Nông nghiệp và Môi trường"], deadline="2030-01-01"),
            dict(text="Thực hiện rà soát việc lập, thẩm định", lead=["Sở Công Thương", "Sở Xây dựng"],
                 deadline="ongoing"),
        ]),
    "09_provdept_sct-laocai-2242-KH-SCT-2026_kiem-tra-cap-gcn-vlncn.docx": dict(
        number="/KH-SCT", issued_on=None, year=2026, month=4, issuer="Sở Công Thương tỉnh Lào Cai",
        title="Kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp, tiền chất thuốc "
              "nổ trên địa bàn tỉnh Lào Cai",
        signer="Hoàng Văn Thuân", implements=None),
    "10_provdept_sct-laocai-3898-KH-SCT-2026_huan-luyen-nguoi-quan-ly-vlncn.docx": dict(
        number="/KH-SCT", issued_on=None, year=2026, month=6, issuer="Sở Công Thương tỉnh Lào Cai",
        title="Huấn luyện, kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn cho Người quản lý vật liệu nổ "
              "công nghiệp, tiền chất thuốc nổ trên địa bàn tỉnh Lào Cai",
        signer="Hoàng Văn Thuân", implements=None),
    "11_provdept_sct-laocai-KH-SCT-2026_thuc-hien-de-an-08-cong-nghiep.docx": dict(
        number="/KH-SCT", issued_on=None, year=2026, month=4, issuer="Sở Công Thương tỉnh Lào Cai",
        title="Thực hiện Đề án số 08 về phát triển công nghiệp tỉnh Lào Cai theo hướng xanh, hiện đại giai đoạn "
              "2026-2030",
        signer="Trịnh Văn Thành", implements=None),
    "13_provdept_sct-laocai-1105-KH-DKT-2026_kiem-tra-vlncn.txt": dict(
        number="1105/KH-ĐKT", issued_on="2026-03-10", year=2026, month=3,
        issuer="Đoàn kiểm tra theo Quyết định số 1050/QĐ-SCT",
        title="Kiểm tra việc chấp hành Quy định pháp luật trong sử dụng và bảo quản vật liệu nổ công nghiệp trên "
              "địa bàn tỉnh Lào Cai",
        signer="Hoàng Văn Thuân", implements=["1050/QĐ-SCT"]),
    "14_province_ubnd-lamdong-KH-UBND-2026_cchc-2026-2030.docx": dict(
        number="/KH-UBND", issued_on=None, year=2026, month=3, issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
        title="Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng",
        signer="Nguyễn Ngọc Phúc", implements=["76/NQ-CP", "23/CT-TTg", "282/QĐ-TTg"],
        tasks=[
            dict(text="Thực hiện việc đăng tải, cập nhật văn bản quy phạm", lead=["Sở Tư pháp"]),
            dict(text="Định kỳ thực hiện việc công bố danh mục văn bản",
                 lead=["Sở Tư pháp", "UBND các xã, phường, đặc khu"]),
            dict(text="Tham mưu UBND tỉnh triển khai ứng dụng AI", lead=["Sở Tư pháp"],
                 coordinate=["Sở Khoa học và Công nghệ"], deadline="2026-12-31"),
            dict(text="Kiểm soát, thẩm định chặt chẽ các nội dung", lead=["Các sở, ban, ngành"],
                 coordinate=["Sở Tư pháp", "Văn phòng UBND tỉnh"], deadline="recurring"),
            dict(text="Tổ chức rà soát, công bố thủ tục hành chính nội bộ", lead=["Các sở, ban, ngành"],
                 coordinate=["Văn phòng UBND tỉnh", "UBND các xã, phường, đặc khu"], deadline="recurring"),
        ]),
    "15_province_ubnd-lamdong-KH-UBND-2026_tuyen-truyen-cchc.docx": dict(
        number="/KH-UBND", issued_on=None, year=2026, month=1, issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
        title="Tuyên truyền Cải cách hành chính năm 2026", signer="Nguyễn Ngọc Phúc", implements=["76/NQ-CP"]),
    "16_province_ubnd-lamdong-KH-UBND-2026_thi-dua-cchc.docx": dict(
        number="/KH-UBND", issued_on=None, year=2026, month=None, issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
        title="Phát động Phong trào thi đua “Đẩy mạnh cải cách hành chính nhà nước trên địa bàn tỉnh Lâm Đồng” "
              "năm 2026",
        signer="Nguyễn Ngọc Phúc", implements=["76/NQ-CP", "152/2025/NĐ-CP", "58/QĐ-UBND", "9669/KH-UBND"]),
    "17_province_ubnd-lamdong-KH-UBND-2025_ctmtqg-pcmt-2030.docx": dict(
        number="/KH-UBND", issued_on=None, year=2025, month=10, issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
        title="Triển khai thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030",
        signer=None, implements=None),
    "20_province_ubnd-lamdong-UBND-NC-2026_cv-giao-trien-khai-kh-996-997.docx": dict(
        number="/UBND-NC", issued_on=None, year=2026, month=3, issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
        title=None, signer="Đỗ Tấn Sương", implements=None),
    "24_province_ubnd-lamdong-UBND-NC-2025_cv-chi-dao-cai-thien-chi-so-cchc.docx": dict(
        number="/UBND-NC", issued_on=None, year=2025, month=12, issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
        title=None, signer="Nguyễn Ngọc Phúc", implements=None),
    "27_province_ubnd-lamdong-TB-UBND-2026_thong-bao-ket-luan-hoi-nghi-cchc.docx": dict(
        number="/TB-UBND", issued_on=None, year=2026, month=1, issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
        title=None, signer="Trịnh Ngọc Duệ", implements=None),
    "28_partyprov_danguy-ubnd-laocai-2449-CV-DU-2026_trien-khai-ctr-104-TU.txt": dict(
        number="2449-CV/ĐU", issued_on="2026-09-07", year=2026, month=9,
        issuer="Đảng ủy Ủy ban nhân dân tỉnh Lào Cai", title=None, signer="Nguyễn Hữu Long", implements=None),
    "31_province_ubnd-laocai-5973-UBND-KT-2026_cv-thanh-kiem-tra-khoang-san.txt": dict(
        number="5973/UBND-KT", issued_on="2026-06-11", year=2026, month=6, issuer="Ủy ban nhân dân tỉnh Lào Cai",
        title=None, signer="Nguyễn Thành Sinh", implements=None),
    "43_commune_danguy-conghai-18-KH-DU-2025_lanh-dao-bau-cu-2026.md": dict(
        fenced=True, number="-KH/ĐU", issued_on=None, year=2025, month=10, issuer="Đảng ủy xã Công Hải",
        title="lãnh đạo cuộc bầu cử đại biểu Quốc hội khóa XVI và bầu cử đại biểu Hội đồng nhân dân các cấp "
              "nhiệm kỳ 2026 - 2031",
        signer="Vũ Thị Thuỳ Trang", implements=["46-CT/TW", "01-KH/TU"],
        tasks=[
            dict(text="Hội đồng nhân dân xã", lead=["Hội đồng nhân dân xã"], coordinate=["Uỷ ban nhân dân xã"]),
            dict(text="Uỷ ban Mặt trận Tổ quốc Việt Nam xã", lead=["Uỷ ban Mặt trận Tổ quốc Việt Nam xã"]),
            dict(text="Phối hợp với Ban Xây dựng Đảng và các cơ quan liên quan",
                 lead=["Văn phòng Đảng uỷ"], coordinate=["Ban Xây dựng Đảng", "các cơ quan liên quan"]),
        ]),
    "44_commune_danguy-conghai-6-KH-DU-2025_thuc-hien-kl156-van-hoa.md": dict(
        fenced=True, number="-KH/ĐU", issued_on=None, year=2025, month=8, issuer="Đảng ủy xã Công Hải",
        title="thực hiện Kết luận số 156-KL/TW ngày 21/5/2025 của Bộ Chính trị về tiếp tục thực hiện Nghị quyết "
              "số 33-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XI về xây dựng và phát triển văn hoá, con người "
              "Việt Nam đáp ứng yêu cầu phát triển bền vững đất nước",
        signer="Vũ Thị Thuỳ Trang", implements=["156-KL/TW", "03-KH/TU"]),
    "45_commune_danguy-conghai-10-KH-DU-2025_tong-ket-pctnlptc.md": dict(
        fenced=True, number="-KH/ĐU", issued_on=None, year=2025, month=9, issuer="Đảng ủy xã Công Hải",
        title="Tổng kết công tác phòng, chống tham nhũng, lãnh phí, tiêu cực nhiệm kỳ Đại hội XIII của Đảng",
        signer="Vũ Thị Thuỳ Trang", implements=["17-KH/TU"]),
    "46_commune_danguy-conghai-12-KH-DU-2025_lam-viec-voi-tccsd.md": dict(
        fenced=True, number="-KH/ĐU", issued_on=None, year=2025, month=9, issuer="Đảng ủy xã Công Hải",
        title="tổ chức làm việc với các tổ chức cơ sở Đảng trực thuộc, các cơ quan tham mưu, giúp việc Đảng uỷ, "
              "Uỷ ban MTTQVN xã về tình hình, kết quả thực hiện nhiệm vụ năm 2025",
        signer="Vũ Thị Thuỳ Trang", implements=["01-QC/ĐU", "01-NQ/ĐU"]),
    "47_commune_danguy-conghai-45-KH-DU-2026_cds-co-quan-dang.md": dict(
        fenced=True, number="-KH/ĐU", issued_on=None, year=2026, month=2, issuer="Đảng ủy xã Công Hải",
        title="thực hiện phát triển khoa học công nghệ, đổi mới sáng tạo và chuyển đổi số các cơ quan Đảng xã "
              "Công Hải năm 2026",
        signer="Vũ Thị Thuỳ Trang", implements=None,
        tasks=[
            dict(text="Xây dựng, ban hành và tổ chức thực hiện Kế hoạch", lead=["Văn phòng Đảng uỷ"],
                 deadline="2026-02-25"),
            dict(text="Tham mưu Ban Thường", lead=["Uỷ ban kiểm tra Đảng uỷ"], deadline="ongoing"),
            dict(text="Theo dõi, đôn đốc việc thực hiện chuyển đổi số", lead=["Văn phòng Đảng uỷ"],
                 coordinate=["các cơ quan, tổ chức đảng có liên quan"], deadline="ongoing"),
            dict(text="Tổ chức, lồng ghép nội dung", lead=["Uỷ ban Mặt trận Tổ quốc Việt Nam xã"],
                 coordinate=["các cơ quan, tổ chức đảng có liên quan"], deadline="ongoing"),
        ]),
    "48_commune_danguy-conghai-22-CTr-DU-2025_ctr-cong-tac-toan-khoa.md": dict(
        fenced=True, number="-CTr/ĐU", issued_on=None, year=2025, month=11, issuer="Đảng ủy xã Công Hải",
        title="Công tác toàn khóa của Ban Chấp hành, Ban Thường vụ Đảng uỷ xã khóa I, nhiệm kỳ 2025 - 2030",
        signer="Vũ Thị Thuỳ Trang", implements=None),
    "49_commune_danguy-conghai-24-CTr-DU-2025_ctr-ktgs-toan-khoa.md": dict(
        fenced=True, number="-CTr/ĐU", issued_on=None, year=2025, month=11, issuer="Đảng ủy xã Công Hải",
        title="Kiểm tra, giám sát toàn khóa của Ban Chấp hành Đảng bộ xã Công Hải khóa I, nhiệm kỳ 2025-2030",
        signer="Vũ Thị Thuỳ Trang", implements=["296-QĐ/TW"]),
    "50_commune_danguy-conghai-23-CTr-DU-2025_ctrhd-nq-dai-hoi_NFC-transcription.md": dict(
        fenced=True, number="-CTr/ĐU", issued_on=None, year=2025, month=11, issuer="Đảng ủy xã Công Hải",
        title="Của Ban Chấp hành Đảng bộ xã thực hiện Nghị quyết Đại hội đại biểu Đảng bộ xã lẩn thứ I, nhiệm kỳ "
              "2025-2030",
        signer="Vũ Thị Thuỳ Trang", implements=None),
    "51_partyprov_bcd-tinhuy-khanhhoa-11-KH-BCD-2026_100-ngay-cds.md": dict(
        number="11-KH/BCĐ", issued_on="2026-07-28", year=2026, month=7,
        issuer="Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Khánh Hòa",
        title="Triển khai Kế hoạch hành động 100 ngày xử lý các điểm nghẽn về chuyển đổi số trong hệ thống chính "
              "trị trên địa bàn tỉnh Khánh Hòa",
        signer="Trần Phong",
        implements=["57-NQ/TW", "05-KH/BCĐTW", "48-NQ/TU", "320-QĐ/TU", "346-QĐ/TU"]),
}

from tests.plans.corpus_keys.task_keys import TASKS  # noqa: E402

for _name, _tasks in TASKS.items():
    KEYS[_name]["tasks"] = KEYS[_name].get("tasks", []) + _tasks
