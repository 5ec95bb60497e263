"""Invented local samples: a commune plan, a district office plan, and a one-page plan of a
provincial centre.

Every place, agency, person and document number here is made up.
"""

from __future__ import annotations

from datetime import date

from samples.spec import Header, Item, Part, Plan, Signature

XA_PHU_LUONG_DONG = Plan(
    header=Header(
        parent_printed=None,
        body_printed=["ỦY BAN NHÂN DÂN", "XÃ PHÚ LƯƠNG ĐÔNG"],
        issuer_name="Ủy ban nhân dân xã Phú Lương Đông",
        issuer_parent=None,
        number="68/KH-UBND",
        place="Phú Lương Đông",
        issued=date(2025, 9, 15),
    ),
    title_lines=["Tuyên truyền cải cách hành chính trên địa bàn", "xã Phú Lương Đông năm 2025"],
    plan_year=2025,
    preamble=[
        "Thực hiện Kế hoạch số 132/KH-UBND ngày 25/8/2025 của Ủy ban nhân dân tỉnh Vĩnh Lạc về "
        "tuyên truyền cải cách hành chính sau khi sắp xếp đơn vị hành chính, Ủy ban nhân dân xã "
        "Phú Lương Đông ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2025 như sau:",
    ],
    parts=[
        Part(
            "I",
            "MỤC ĐÍCH, YÊU CẦU",
            "muc_dich_yeu_cau",
            items=[
                Item(
                    "1",
                    "Mục đích",
                    [
                        "- Giúp Nhân dân và doanh nghiệp trên địa bàn biết rõ địa điểm, quy trình giải quyết "
                        "thủ tục hành chính sau khi vận hành chính quyền địa phương hai cấp.",
                        "- Nâng cao tinh thần trách nhiệm, thái độ phục vụ của cán bộ, công chức xã; tạo sự "
                        "đồng thuận của Nhân dân đối với các nhiệm vụ cải cách hành chính.",
                    ],
                ),
                Item(
                    "2",
                    "Yêu cầu",
                    [
                        "- Thông tin chính xác, kịp thời, dễ hiểu, phù hợp với phong tục, tập quán của từng "
                        "thôn; kết hợp tuyên truyền trực tiếp với tuyên truyền trên nền tảng số.",
                    ],
                ),
            ],
        ),
        Part(
            "II",
            "NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN",
            "noi_dung_hinh_thuc",
            items=[
                Item(
                    "1",
                    "Nội dung",
                    [
                        "- Quyết định số 2210/QĐ-UBND ngày 30/6/2025 của Ủy ban nhân dân tỉnh công bố danh "
                        "mục thủ tục hành chính thực hiện tại cấp xã; địa chỉ, số điện thoại đường dây nóng "
                        "của Trung tâm Phục vụ hành chính công xã.",
                        "- Cách nộp hồ sơ trực tuyến, thanh toán trực tuyến, tra cứu kết quả giải quyết hồ sơ "
                        "và tài khoản định danh điện tử mức độ 2.",
                    ],
                ),
                Item(
                    "2",
                    "Hình thức",
                    [
                        "- Phát trên hệ thống loa truyền thanh của xã và các thôn ít nhất 03 buổi/tuần.",
                        "- Lồng ghép tại các cuộc họp thôn, sinh hoạt chi bộ, đoàn thể; niêm yết tại nhà văn "
                        "hóa các thôn và đăng trên trang Zalo của Ủy ban nhân dân xã.",
                    ],
                ),
            ],
        ),
        Part(
            "III",
            "TỔ CHỨC THỰC HIỆN",
            "to_chuc_thuc_hien",
            items=[
                Item(
                    "1",
                    "Văn phòng HĐND và UBND xã",
                    [
                        "Chủ trì theo dõi, đôn đốc thực hiện Kế hoạch; "
                        "tổng hợp kết quả vào báo cáo cải cách hành chính hằng quý."
                    ],
                    inline=True,
                ),
                Item(
                    "2",
                    "Phòng Văn hóa - Xã hội",
                    [
                        "Xây dựng tin, bài, phát trên loa truyền thanh; "
                        "cập nhật nội dung lên trang Zalo của xã."
                    ],
                    inline=True,
                ),
                Item(
                    "3",
                    "Trung tâm Phục vụ hành chính công xã",
                    [
                        "Hướng dẫn tận tình người dân nộp hồ "
                        "sơ trực tuyến; niêm yết công khai thủ tục hành chính đúng quy định."
                    ],
                    inline=True,
                ),
                Item(
                    "4",
                    "Trưởng các thôn",
                    [
                        "Phổ biến nội dung tuyên truyền trong các cuộc họp thôn; "
                        "phản ánh kịp thời ý kiến, kiến nghị của Nhân dân về Ủy ban nhân dân xã."
                    ],
                    inline=True,
                ),
            ],
        ),
    ],
    closing=[
        "Ủy ban nhân dân xã yêu cầu các bộ phận, cá nhân liên quan nghiêm túc triển khai thực hiện./.",
    ],
    recipients=[
        "UBND tỉnh (b/c)",
        "Sở Nội vụ (b/c)",
        "TT Đảng ủy, TT HĐND xã",
        "CT, các PCT UBND xã",
        "Các thôn",
        "Lưu: VT",
    ],
    signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Chủ tịch", "Lò Văn Thắm"),
    references=["132/KH-UBND", "2210/QĐ-UBND"],
    body_size=13,
)

PHONG_NOI_VU_DAI_LAM = Plan(
    header=Header(
        parent_printed="UBND HUYỆN ĐẠI LÂM",
        body_printed=["PHÒNG NỘI VỤ"],
        issuer_name="Phòng Nội vụ",
        issuer_parent="Ủy ban nhân dân huyện Đại Lâm",
        number="15/KH-PNV",
        place="Đại Lâm",
        issued=date(2024, 2, 26),
    ),
    title_lines=["Tuyên truyền cải cách hành chính năm 2024 của Phòng Nội vụ"],
    plan_year=2024,
    preamble=[
        "Căn cứ Kế hoạch số 21/KH-UBND ngày 30/01/2024 của Ủy ban nhân dân huyện Đại Lâm về công "
        "tác tuyên truyền cải cách hành chính năm 2024, Phòng Nội vụ xây dựng Kế hoạch thực hiện "
        "như sau:",
    ],
    parts=[
        Part(
            "I",
            "MỤC ĐÍCH, YÊU CẦU",
            "muc_dich_yeu_cau",
            body=[
                "- Làm cho công chức của Phòng hiểu rõ trách nhiệm tham mưu Ủy ban nhân dân huyện trong "
                "công tác cải cách hành chính, nhất là cải cách tổ chức bộ máy và chế độ công vụ.",
                "- Tuyên truyền phải thiết thực, gắn với nhiệm vụ chuyên môn; kết quả tuyên truyền là một "
                "tiêu chí đánh giá, xếp loại công chức cuối năm.",
            ],
        ),
        Part(
            "II",
            "NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN",
            "noi_dung_hinh_thuc",
            items=[
                Item(
                    "1",
                    "Nội dung",
                    [
                        "- Các quy định mới về tuyển dụng, sử dụng và quản lý công chức, viên chức; Nghị "
                        "định số 06/2023/NĐ-CP ngày 21/02/2023 của Chính phủ về kiểm định chất lượng đầu vào "
                        "công chức.",
                        "- Kết quả Chỉ số cải cách hành chính năm 2023 của huyện; những chỉ số thành phần "
                        "còn thấp và giải pháp khắc phục trong năm 2024.",
                        "- Quy tắc ứng xử của cán bộ, công chức tại Bộ phận Một cửa; việc lấy ý kiến đánh giá "
                        "sự hài lòng của người dân qua phiếu khảo sát và mã QR.",
                    ],
                ),
                Item(
                    "2",
                    "Hình thức",
                    [
                        "- Lồng ghép trong các hội nghị, lớp bồi dưỡng nghiệp vụ công tác nội vụ cho công chức "
                        "cấp xã.",
                        "- Cung cấp tin, bài cho Trang thông tin điện tử huyện và Đài Truyền thanh - Truyền "
                        "hình huyện.",
                        "- Tham gia Hội thi tìm hiểu về cải cách hành chính do huyện tổ chức.",
                    ],
                ),
            ],
        ),
        Part(
            "III",
            "THỜI GIAN THỰC HIỆN",
            "other",
            body=[
                "Từ tháng 3 đến hết tháng 12 năm 2024; báo cáo kết quả cùng báo cáo cải cách hành chính "
                "năm trước ngày 05/12/2024.",
            ],
        ),
        Part(
            "IV",
            "TỔ CHỨC THỰC HIỆN",
            "to_chuc_thuc_hien",
            items=[
                Item(
                    "1",
                    "Công chức phụ trách cải cách hành chính",
                    [
                        "- Tham mưu Trưởng phòng triển khai Kế hoạch; tổng hợp, báo cáo kết quả theo định kỳ.",
                        "- Chủ trì biên soạn đề cương, tài liệu tuyên truyền cho các hội nghị.",
                    ],
                ),
                Item(
                    "2",
                    "Công chức phụ trách công nghệ thông tin",
                    [
                        "- Đăng tải tin, bài lên Trang thông tin điện tử huyện; hướng dẫn công chức cấp xã sử "
                        "dụng phần mềm quản lý hồ sơ cán bộ.",
                    ],
                ),
                Item(
                    "3",
                    "Các công chức thuộc Phòng",
                    [
                        "- Chủ động lồng ghép tuyên truyền trong lĩnh vực được phân công theo dõi.",
                    ],
                ),
            ],
        ),
    ],
    closing=[
        "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2024 của Phòng Nội vụ, đề nghị "
        "công chức trong Phòng nghiêm túc thực hiện./.",
    ],
    recipients=["UBND huyện (b/c)", "Lãnh đạo Phòng", "Công chức Phòng", "Lưu: VT"],
    signature=Signature(None, "TRƯỞNG PHÒNG", "Trưởng phòng", "Đinh Công Tuấn"),
    references=["21/KH-UBND", "06/2023/NĐ-CP"],
    body_size=14,
)

TT_KSBT_HA_LAM = Plan(
    header=Header(
        parent_printed="SỞ Y TẾ TỈNH HÀ LÂM",
        body_printed=["TRUNG TÂM KIỂM SOÁT", "BỆNH TẬT"],
        issuer_name="Trung tâm Kiểm soát bệnh tật",
        issuer_parent="Sở Y tế tỉnh Hà Lâm",
        number="112/KH-KSBT",
        place="Hà Lâm",
        issued=date(2025, 3, 10),
    ),
    title_lines=["Tuyên truyền cải cách hành chính năm 2025"],
    plan_year=2025,
    preamble=[
        "Thực hiện Kế hoạch số 45/KH-SYT ngày 20/02/2025 của Sở Y tế về tuyên truyền cải cách "
        "hành chính năm 2025, Trung tâm Kiểm soát bệnh tật xây dựng Kế hoạch như sau:",
    ],
    parts=[
        Part(
            "I",
            "MỤC ĐÍCH, YÊU CẦU",
            "muc_dich_yeu_cau",
            body=[
                "- Viên chức, người lao động của Trung tâm nắm vững các thủ tục hành chính trong lĩnh "
                "vực y tế dự phòng; hướng dẫn người dân đúng, đủ, kịp thời.",
                "- Tuyên truyền thường xuyên, gắn với hoạt động chuyên môn, không phát sinh thêm kinh phí.",
            ],
        ),
        Part(
            "II",
            "NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN",
            "noi_dung_hinh_thuc",
            body=[
                "- Thủ tục cấp giấy chứng nhận tiêm chủng, xét nghiệm; việc thanh toán không dùng tiền "
                "mặt tại quầy thu phí của Trung tâm.",
                "- Niêm yết tại khu vực tiếp đón; đăng trên trang thông tin điện tử và trang mạng xã "
                "hội của Trung tâm; lồng ghép trong giao ban hằng tuần.",
            ],
        ),
        Part(
            "III",
            "TỔ CHỨC THỰC HIỆN",
            "to_chuc_thuc_hien",
            items=[
                Item(
                    "1",
                    "Phòng Tổ chức - Hành chính",
                    ["Đầu mối triển khai, tổng hợp kết quả báo cáo Ban Giám đốc trước ngày 30/11/2025."],
                    inline=True,
                ),
                Item(
                    "2",
                    "Các khoa, phòng",
                    ["Phân công viên chức hướng dẫn người dân tại nơi làm việc."],
                    inline=True,
                ),
            ],
        ),
    ],
    closing=[],
    recipients=["Sở Y tế (b/c)", "Ban Giám đốc", "Các khoa, phòng", "Lưu: VT, TCHC"],
    signature=Signature(None, "GIÁM ĐỐC", "Giám đốc", "Vi Thị Ngọc Lan"),
    references=["45/KH-SYT"],
    body_size=13,
)
