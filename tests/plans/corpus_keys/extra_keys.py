"""Golden keys for tests/plans/corpus_extra: real documents the parser had not seen, keyed by reading each text.

Same format as keys.py. For a công văn the title is its trích yếu ("V/v …") without the "V/v". `implements`
is left unkeyed (None) where the opening does not say "Thực hiện / Căn cứ / Triển khai" of a named document.
Deadlines in quarters ("Quý III, IV/2026") are keyed as the last day of the last quarter named; a deadline
naming two years ("Quý IV/2026, 2027") is not keyed.
"""

_LAO_CAI = "Ủy ban nhân dân tỉnh Lào Cai"
_SNNMT = "Sở Nông nghiệp và Môi trường"
_BNNMT = "Bộ Nông nghiệp và Môi trường"
_CLNKL = "Cục Lâm nghiệp và Kiểm lâm"
_LIEN_QUAN = "các cơ quan, đơn vị có liên quan"
_UBND_TINH_TW = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"

EXTRA_KEYS = {
    "e01_province_ubnd-laocai-9387-UBND-KT-2026_cv-trien-khai-ctr-104-TU.txt": dict(
        number="9387/UBND-KT", issued_on="2026-09-15", year=2026, month=9, issuer=_LAO_CAI,
        title="triển khai thực hiện Chương trình hành độ số 104-CTr/Tu ngày 30/8/2026 của Tỉnh ủy Lào Cai",
        signer="Phan Trung Bá", implements=["104-CTr/TU", "2449-CV/ĐU"],
        tasks=[
            dict(text="tổ chức nghiên cứu, cụ thể hóa các mục tiêu",
                 lead=["Các Sở, ban, ngành thuộc tỉnh", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh",
                       "Ủy ban nhân dân các xã, phường"]),
            dict(text="xây dựng dự thảo Kế hoạch thực hiện Chương trình hành", lead=[_SNNMT],
                 coordinate=["các cơ quan, đơn vị, địa phương"], deadline="2026-10-05"),
        ]),
    "e02_province_ubnd-laocai-4390-UBND-NLN-2026_cv-trien-khai-nd-180.txt": dict(
        number="4390/UBND-NLN", issued_on="2026-05-27", year=2026, month=5, issuer=_LAO_CAI,
        title="tổ chức triển khai thực hiện Nghị định số 180/2026/NĐ-CP ngày 21/5/2026 của Chính phủ quy định về "
              "dịch vụ hấp thụ và lưu giữ các-bon của rừng",
        signer="Phan Trung Bá", implements=["180/2026/NĐ-CP"],
        tasks=[
            dict(text="chủ động nghiên cứu, tổ chức triển khai thực hiện các nhiệm vụ thuộc trách nhiệm của tỉnh",
                 lead=[_SNNMT]),
            dict(text="triển khai thực hiện các nội dung theo quy định tại Nghị định",
                 lead=["Các sở, ban, ngành cấp tỉnh"], coordinate=[_SNNMT]),
            dict(text="chủ động nghiên cứu, triển khai thực hiện các nội dung thuộc trách nhiệm, thẩm quyền của chủ",
                 lead=["Vườn quốc gia Hoàng Liên", "các Công ty Lâm nghiệp"]),
            dict(text="nghiên cứu, triển khai thực hiện các nội dung thuộc trách nhiệm, thẩm quyền của địa phương",
                 lead=["Ủy ban nhân dân các xã, phường"]),
        ]),
    "e03_ministry_bnnmt-9389-BNNMT-BDKH-2025_cv-trien-khai-giam-phat-thai.txt": dict(
        number="9389/BNNMT-BĐKH", issued_on="2025-11-20", year=2025, month=11, issuer=_BNNMT,
        title="triển khai thực hiện các quy định pháp luật về giảm nhẹ phát thải khí nhà kính, thị trường các-bon "
              "và bảo vệ tầng ô-dôn",
        signer="Lê Công Thành", implements=None,
        tasks=[
            dict(text="Chỉ đạo cơ quan chuyên môn trực thuộc có liên quan định kỳ hai năm", request=[_UBND_TINH_TW],
                 deadline="recurring"),
            dict(text="Phối hợp với Bộ Nông nghiệp và Môi trường triển khai thực hiện các quy định về tăng cường",
                 request=[_UBND_TINH_TW]),
            dict(text="Tiếp nhận, rà soát và tổng hợp kết quả kiểm kê khí nhà kính", request=[_UBND_TINH_TW],
                 deadline="recurring"),
            dict(text="Chỉ đạo cơ quan chuyên môn trực thuộc có liên quan đôn đốc các tổ chức",
                 request=[_UBND_TINH_TW], deadline="recurring"),
            dict(text="Tổ chức phổ biến, tuyên truyền trên các phương tiện thông tin đại chúng",
                 request=[_UBND_TINH_TW]),
            dict(text="Chỉ đạo Sở Nông nghiệp và Môi trường giám sát việc thực hiện loại trừ",
                 request=[_UBND_TINH_TW]),
        ]),
    "e04_ministry_bnnmt-2200-QD-BNNMT-2026_kh-trien-khai-nd-180.txt": dict(
        number="2200/QĐ-BNNMT", issued_on="2026-06-10", year=2026, month=6, issuer=_BNNMT,
        title="Ban hành Kế hoạch triển khai thực hiện Nghị định số 180/2026/NĐ-CP ngày 21 tháng 5 năm 2026 của "
              "Chính phủ quy định về dịch vụ hấp thụ và lưu giữ các-bon của rừng",
        signer="Nguyễn Quốc Trị", implements=["35/2025/NĐ-CP", "180/2026/NĐ-CP"],
        tasks=[
            dict(text="Tổ chức Hội nghị phổ biến, triển khai Nghị định đến", lead=[_CLNKL],
                 coordinate=["Vụ Pháp chế", _LIEN_QUAN], deadline="2026-12-31"),
            dict(text="Tổ chức các hội nghị, hội thảo chuyên đề phổ biến, hướng dẫn thực hiện các nội dung theo nhóm",
                 lead=[_CLNKL, _SNNMT], coordinate=["Vụ Pháp chế", _LIEN_QUAN], deadline="2026-12-31"),
            dict(text="Tổ chức các chương trình truyền thông", lead=[_CLNKL, _SNNMT],
                 coordinate=["Các cơ quan, đơn vị có liên quan"], deadline="ongoing"),
            dict(text="Xây dựng Thông tư quy định về phương pháp xác định mức chi trả", lead=[_CLNKL],
                 coordinate=["Vụ Pháp chế", _LIEN_QUAN], deadline="2026-09-30"),
            dict(text="Xây dựng kế hoạch thực hiện NDC lĩnh vực lâm nghiệp", lead=[_CLNKL],
                 coordinate=["Cục Biến đổi khí hậu", "UBND cấp tỉnh", _LIEN_QUAN]),
            dict(text="Xây dựng tiêu chuẩn các-bon rừng quốc gia và hướng dẫn",
                 lead=["Viện Khoa học lâm nghiệp Việt Nam", _CLNKL],
                 coordinate=["Vụ Khoa học và Công nghệ", _LIEN_QUAN]),
            dict(text="Xây dựng cơ sở dữ liệu về kiểm kê khí nhà kính và kết quả", lead=["Cục Lâm nghiệp", "Cục Kiểm lâm"],
                 coordinate=["Cục Biến đổi khí hậu", _LIEN_QUAN]),
            dict(text="Rà soát, công bố và cập nhật danh mục các phương pháp", lead=["Cục Lâm nghiệp", "Cục Kiểm lâm"],
                 coordinate=["Cục Biến đổi khí hậu"], deadline="2026-09-30"),
            dict(text="Đàm phán, ký kết Thỏa thuận, Hợp đồng",
                 lead=["Cục Lâm nghiệp", "Cục Kiểm lâm", "Sở Nông nghiệp và Môi trường các tỉnh"],
                 coordinate=["Cục Biến đổi khí hậu", "Vụ Hợp tác quốc tế", "Vụ Pháp chế", "các đơn vị có liên quan"],
                 deadline="ongoing"),
            dict(text="Huy động nguồn lực, thúc đẩy hợp tác quốc tế về dịch vụ",
                 lead=["Cục Lâm nghiệp", "Cục Kiểm lâm", "Sở Nông nghiệp và Môi trường các tỉnh"],
                 coordinate=["Vụ Hợp tác quốc tế", _LIEN_QUAN], deadline="ongoing"),
            dict(text="Tổ chức theo dõi thi hành pháp luật; tổng hợp",
                 lead=["Cục Lâm nghiệp", "Cục Kiểm lâm", "Sở Nông nghiệp và Môi trường các tỉnh"],
                 coordinate=["Vụ Pháp chế", _LIEN_QUAN], deadline="ongoing"),
            dict(text="có trách nhiệm tham mưu, triển khai thực hiện, theo dõi, đôn đốc", lead=[_CLNKL]),
        ]),
    "e05_central_vpcp-467-TB-VPCP-2024_tb-ket-luan-thi-truong-cac-bon.txt": dict(
        number="467/TB-VPCP", issued_on="2024-10-14", year=2024, month=10, issuer="Văn phòng Chính phủ",
        title="Kết luận cuộc họp về Đề án phát triển thị trường các-bon tại Việt Nam",
        signer="Nguyễn Sỹ Hiệp", implements=None,
        tasks=[
            dict(text="thực hiện nghiêm các ý kiến chỉ đạo của Lãnh đạo Chính phủ", lead=["Bộ Tài chính"],
                 deadline="2024-10-20"),
            dict(text="rà soát toàn diện Dự thảo Quyết định", lead=["Bộ Tài chính"],
                 coordinate=["Bộ Tài nguyên và Môi trường", "Bộ Tư pháp"]),
            dict(text="khẩn trương có văn bản gửi Bộ Tài chính", lead=["Bộ Nông nghiệp và Phát triển nông thôn"]),
            dict(text="hoàn thiện dự thảo Quyết định của Thủ tướng Chính phủ phê duyệt Đề án theo hướng",
                 lead=["Bộ Tài chính"]),
        ]),
    "e06_province_ubnd-laocai-UBND-KT-2026_cv-bao-ve-khoang-san-chua-khai-thac.docx": dict(
        number="/UBND-KT", issued_on=None, year=2026, month=None, issuer=_LAO_CAI,
        title="tăng cường công tác quản lý bảo vệ khoáng sản chưa khai thác trên địa bàn",
        signer="Nguyễn Thành Sinh", implements=None,
        tasks=[
            dict(text="Tiếp tục chủ động tham mưu công tác quản lý, bảo vệ khoáng sản", lead=[_SNNMT]),
            dict(text="Chủ trì tham mưu tổ chức các đợt kiểm tra liên tỉnh", lead=[_SNNMT]),
            dict(text="Chủ trì, phối hợp với các Sở, ban, ngành, địa phương tăng cường kiểm tra, quản lý nguồn gốc",
                 lead=["Sở Công Thương"], coordinate=["các Sở, ban, ngành, địa phương"]),
            dict(text="Chủ trì, phối hợp với Sở Nông nghiệp và Môi trường, Công an tỉnh và UBND các địa phương rà soát",
                 lead=["Sở Xây dựng"], coordinate=[_SNNMT, "Công an tỉnh", "UBND các địa phương"]),
            dict(text="Chủ trì tham mưu, đề xuất, báo cáo UBND tỉnh xem xét, bố trí kinh phí", lead=["Sở Tài chính"]),
            dict(text="Tập trung đấu tranh, triệt phá các đường dây", lead=["Công an tỉnh"]),
            dict(text="Tiếp tục tuần tra, kiểm soát, phát hiện, xử lý nghiêm, xử lý dứt điểm", lead=["Công an tỉnh"],
                 deadline="2026-06-30"),
            dict(text="Chủ trì, phối hợp với cơ quan liên quan tăng cường công tác quản lý, bảo vệ khoáng sản chưa "
                      "khai thác tại khu vực biên giới",
                 lead=["Bộ Chỉ huy Quân sự tỉnh"], coordinate=["cơ quan liên quan"]),
            dict(text="Ban hành kế hoạch cụ thể về bảo vệ khoáng sản", lead=["UBND các xã, phường"]),
            dict(text="theo chức năng, nhiệm vụ, lĩnh vực được giao chủ động tổ chức triển khai",
                 lead=["Các Sở, ban, ngành thuộc tỉnh"]),
            dict(text="Tăng cường giám sát việc thực thi pháp luật về khoáng sản",
                 request=["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai", "các cơ quan liên quan"]),
        ]),
    "e07_province_ubnd-laocai-UBND-KT-2025_cv-giao-tham-muu-uy-quyen-vlncn.docx": dict(
        number="/UBND-KT", issued_on=None, year=2025, month=None, issuer=_LAO_CAI,
        title="tham mưu uỷ quyền thủ tục kiểm tra, cấp giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ "
              "công nghiệp",
        signer="Nguyễn Thành Sinh", implements=None,
        tasks=[
            dict(text="nghiên cứu, tham mưu Ủy ban nhân dân tỉnh việc uỷ quyền", lead=["Sở Công Thương"],
                 coordinate=["Sở Tư pháp", "các cơ quan có liên quan"], deadline="2025-09-15"),
        ]),
    "e08_provdept_sct-laocai-3957-KH-SCT-2026_kiem-tra-cap-gcn-19-don-vi.docx": dict(
        number="/KH-SCT", issued_on=None, year=2026, month=7, issuer="Sở Công Thương tỉnh Lào Cai",
        title="Kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp, tiền chất thuốc "
              "nổ trên địa bàn tỉnh Lào Cai",
        signer="Hoàng Văn Thuân", implements=None,
        tasks=[
            dict(text="Tổ chức kiểm tra kỹ thuật an toàn cho các đối tượng", lead=["phòng Quản lý Công nghiệp"]),
            dict(text="Chuẩn bị các điều kiện cần thiết khác", lead=["phòng Quản lý Công nghiệp"]),
        ]),
    "e09_province_ubnd-lamdong-UBND-NC-2025_cv-giao-trien-khai-cv-5689-bca.docx": dict(
        number="/UBND-NC", issued_on=None, year=2025, month=12, issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
        title="triển khai thực hiện Công văn số 5689/BCA-C04 của Bộ Công an",
        signer="Đỗ Tấn Sương", implements=None,
        tasks=[
            dict(text="nghiên cứu, triển khai rà soát, đề xuất theo yêu cầu", lead=["Công an tỉnh"]),
        ]),
}

# Held out: documents added after the fixes above, keyed by reading, and scored before any change for them.
_CONG_TY = "Công ty cổ phần Khai thác và Chế biến kim loại Thủ Đô"
_SNNMT_LAO_CAI = "Sở Nông nghiệp và Môi trường tỉnh Lào Cai"
_TO_CHUC = "các tổ chức, cá nhân được cấp giấy phép khai thác, thu hồi khoáng sản"

HELD_OUT_KEYS = {
    "h01_provdept_snnmt-laocai-6795-SNNMT-KS-2026_cv-nghia-vu-sau-cap-phep.txt": dict(
        number="6795/SNNMT-KS", issued_on="2026-07-17", year=2026, month=7, issuer=_SNNMT_LAO_CAI,
        title="thực hiện các quy định của pháp luật sau khi được cấp Giấy phép khai thác khoáng sản",
        signer="Phạm Năng Chung", implements=None,
        tasks=[
            dict(text="Thực hiện cắm mốc khu vực khai thác", request=[_CONG_TY]),
            dict(text="Phối hợp với UBND xã Văn Bàn khẩn trương thực hiện công tác bồi thường", request=[_CONG_TY],
                 coordinate=["UBND xã Văn Bàn"]),
            dict(text="Thực hiện nghiêm túc, đầy đủ các nghĩa vụ trong khai thác khoáng sản", request=[_CONG_TY]),
            dict(text="Chủ động phối hợp với UBND xã Văn Bàn tổ chức thực hiện công tác bồi thường",
                 request=[_CONG_TY], coordinate=["UBND xã Văn Bàn"]),
        ]),
    "h02_provdept_sct-laocai-1894-TB-SCT-2026_tb-ket-qua-kiem-tra.txt": dict(
        number="1894/TB-SCT", issued_on="2026-04-09", year=2026, month=4, issuer="Sở Công Thương tỉnh Lào Cai",
        title="Kết quả kiểm tra việc chấp hành Quy định của pháp luật trong sử dụng và bảo quản vật liệu nổ công "
              "ghiệp",
        signer="Hoàng Văn Thuân", implements=None),
    "h03_provdept_snnmt-laocai-5141-SNNMT-KS-2025_cv-bao-cao-san-luong.txt": dict(
        number="5141/SNNMT-KS", issued_on="2025-12-29", year=2025, month=12, issuer=_SNNMT_LAO_CAI,
        title="quản lý, thống kê, kê khai và báo cáo sản lượng, kết quả khai thác, thu hồi khoáng sản",
        signer="Phạm Năng Chung", implements=None,
        tasks=[
            dict(text="Triển khai, thực hiện đúng và đầy đủ các quy định của Luật Địa chất", lead=[_TO_CHUC]),
            dict(text="Tổ chức, cá nhân khai thác, thu hồi khoáng sản phải lập Báo cáo định kỳ",
                 lead=["Tổ chức, cá nhân khai thác, thu hồi khoáng sản"], deadline="recurring"),
            dict(text="Tiếp tục tăng cường công tác thanh tra, kiểm tra, giám sát xử lý vi phạm",
                 request=["UBND các xã, phường"]),
            dict(text="Thường xuyên trao đổi, cung cấp thông tin kịp thời", request=["UBND các xã, phường"],
                 coordinate=["Sở Nông nghiệp và Môi trường"]),
            dict(text="chịu trách nhiệm tham mưu, đề xuất giúp Sở", lead=["Phòng Khoáng sản thuộc Sở"]),
        ]),
    "h04_province_ubnd-lamdong-UBND-NC-2025_cv-tham-muu-hd-46-bca.docx": dict(
        number="/UBND-NC", issued_on=None, year=2025, month=12, issuer="Ủy ban nhân dân tỉnh Lâm Đồng",
        title="tham mưu triển khai Hướng dẫn số 46/HD-BCA-C04 của Bộ Công an",
        signer="Đỗ Tấn Sương", implements=None,
        tasks=[dict(text="nghiên cứu các nội dung tại Hướng dẫn số 46", lead=["Công an tỉnh"])]),
    "h05_provdept_sct-laocai-3024-KH-SCT-2026_kiem-tra-cap-gcn-sin-quyen.docx": dict(
        number="/KH-SCT", issued_on=None, year=2026, month=5, issuer="Sở Công Thương tỉnh Lào Cai",
        title="Kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp, tiền chất thuốc "
              "nổ trên địa bàn tỉnh Lào Cai",
        signer="Hoàng Văn Thuân", implements=None,
        tasks=[
            dict(text="Tổ chức kiểm tra kỹ thuật an toàn cho các đối tượng", lead=["phòng Quản lý Công nghiệp"]),
            dict(text="Chuẩn bị các điều kiện cần thiết khác", lead=["phòng Quản lý Công nghiệp"]),
        ]),
}

# A second held-out batch, keyed and scored after the held-out fixes, before any change for it.
_KHANH_AN = "Công ty Cổ phần Công nghiệp Khánh An"
_SCT_LAO_CAI = "Sở Công Thương tỉnh Lào Cai"

HELD_OUT_2_KEYS = {
    "g01_provdept_snnmt-laocai-6987-SNNMT-KS-2026_cv-nghia-vu-sau-cap-phep-dat-hiem.txt": dict(
        number="6987/SNNMT-KS", issued_on="2026-07-23", year=2026, month=7, issuer=_SNNMT_LAO_CAI,
        title="yêu cầu thực hiện các quy định của pháp luật sau khi được cấp Giấy phép khai thác khoáng sản",
        signer="Phạm Năng Chung", implements=None,
        tasks=[
            dict(text="Thực hiện cắm mốc khu vực khai thác", lead=[_KHANH_AN]),
            dict(text="Phối hợp với Ủy ban nhân dân các xã: Gia Phú, Bảo Thắng khẩn trương", lead=[_KHANH_AN]),
            dict(text="Thực hiện nghiêm túc, đầy đủ các nghĩa vụ trong khai thác khoáng sản", lead=[_KHANH_AN]),
        ]),
    "g02_provdept_sct-laocai-SCT-CN-2026_cv-don-doc-bao-cao-hoa-chat.docx": dict(
        number="/SCT-CN", issued_on=None, year=2026, month=4, issuer=_SCT_LAO_CAI,
        title="báo cáo định kỳ hoạt động hóa chất trên hệ thống cơ sở dữ liệu chuyên ngành hóa chất",
        signer="Hoàng Văn Thuân", implements=["194/HC-CNHC"],
        tasks=[
            dict(text="khẩn trương thực hiện báo cáo trên hệ thống",
                 lead=["các đơn vị sản xuất, kinh doanh, sử dụng, bảo quản hóa chất trên địa bàn tỉnh Lào Cai"],
                 deadline="2026-04-08"),
        ]),
    "g03_provdept_sct-laocai-SCT-CN-2026_tb-to-chuc-kiem-tra-sin-quyen.docx": dict(
        number="/SCT-CN", issued_on=None, year=2026, month=5, issuer=_SCT_LAO_CAI,
        title="Thông báo tổ chức kiểm tra, cấp GCN KTAT VLNCN", signer="Hoàng Văn Thuân",
        implements=["3024/KH-SCT"]),
    "g04_provdept_sct-laocai-SCT-CN-2026_cv-cung-cap-thong-tin-hoa-chat.docx": dict(
        number="/SCT-CN", issued_on=None, year=2026, month=6, issuer=_SCT_LAO_CAI,
        title="cung cấp thực trạng sản xuất, lưu trữ hóa chất công nghiệp", signer="Hoàng Văn Thuân",
        implements=None),
}

# A third held-out batch from a different source and kind: party-committee letters of a commune (Đảng ủy xã
# Công Hải, Khánh Hòa), PDF text layer with words run together ("chuẩn bịtài liệu"), keyed and scored as
# they came. The trích yếu of a party letter has no "V/v" and sits under the number. Task anchors are written
# with the words spaced apart, as the parser now gives them (they were glued as in the file when scored as
# they came: 2/7 units).
_DU_CONG_HAI = "Đảng ủy xã Công Hải"
_VPDU = "Văn phòng Đảng uỷ"

HELD_OUT_3_KEYS = {
    "k01_commune_danguy-conghai-310-CV-DU-2026_cv-moi-hop-btv.txt": dict(
        number="-CV/ĐU", issued_on=None, year=2026, month=2, issuer=_DU_CONG_HAI,
        title="Mời họp Ban Thường vụ Đảng uỷ", signer="Nguyễn Đăng Quang", implements=None,
        tasks=[
            dict(text="chuẩn bị tài liệu đúng, đủ thành phần dự họp", lead=["UBND xã"]),
            dict(text="chuẩn bị các nội dung, hồ sơ, tài liệu trình Ban", lead=["Ban Xây dựng Đảng"]),
        ]),
    "k02_commune_danguy-conghai-332-CV-DU-2026_cv-moi-du-chuc-tet.txt": dict(
        number="-CV/ĐU", issued_on=None, year=2026, month=2, issuer=_DU_CONG_HAI,
        title="Mời dự Chương trình gặp mặt, chúc Tết Xuân Bính Ngọ 2026 của Thường trực Tỉnh uỷ",
        signer="Nguyễn Đăng Quang", implements=None,
        tasks=[
            dict(text="chỉ đạo chuẩn bị Hội trường, thiết bị phục vụ Hội nghị", request=["UBND xã"]),
            dict(text="chuẩn bị các điều kiện cần thiết phục", lead=[_VPDU], coordinate=["UBND xã"]),
        ]),
    "k03_commune_danguy-conghai-360-CV-DU-2026_cv-moi-hoi-nghi-bcv.txt": dict(
        number="-CV/ĐU", issued_on=None, year=2026, month=3, issuer=_DU_CONG_HAI,
        title="Mời dự Hội nghị Báo cáo viên tháng 3/2026 (trực tuyến)", signer="Nguyễn Đăng Quang",
        implements=["636-CV/BTGDV"],
        tasks=[
            dict(text="Phối hợp với Viễn thông Khánh Hoà để cung cấp", lead=[_VPDU],
                 coordinate=["Viễn thông Khánh Hoà"]),
            dict(text="Phối hợp Văn phòng Đảng uỷ chuẩn bị", lead=["Văn phòng HĐND và UBND xã"],
                 coordinate=[_VPDU]),
            dict(text="Chủ trì, phối hợp với Văn phòng Đảng uỷ và các cơ", lead=["Ban Xây dựng Đảng"],
                 coordinate=[_VPDU, "các cơ quan liên quan"]),
        ]),
}

# Two more letters of the same committee, added after the fixes for k01–k03 and scored as they came.
HELD_OUT_4_KEYS = {
    "k04_commune_danguy-conghai-356-CV-DU-2026_cv-moi-hop-tt-btv.txt": dict(
        number="-CV/ĐU", issued_on=None, year=2026, month=3, issuer=_DU_CONG_HAI,
        title="Mời họp Thường trực, Ban Thường vụ Đảng uỷ", signer="Nguyễn Đăng Quang", implements=None,
        tasks=[
            dict(text="chuẩn bị các nội dung, tài liệu liên quan báo cáo", lead=["Ban Xây dựng Đảng", _VPDU]),
        ]),
    "k05_commune_danguy-conghai-370-CV-DU-2026_cv-gui-bao-cao-trang-thiet-bi.txt": dict(
        number="-CV/ĐU", issued_on=None, year=2026, month=3, issuer=_DU_CONG_HAI,
        title="Gửi báo cáo rà soát, đánh giá tổng thể thực trạng hạ tầng, nền tảng, phần mềm, trang thiết bị "
              "đầu cuối",
        signer="Nguyễn Xuân Hoàng", implements=None),
}
