"""The invented plan behind the legacy-OCR text sample (kh-legacy-ocr.txt).

Every place, agency, person and document number here is made up.
"""

from __future__ import annotations

from datetime import date

from samples.spec import Header, Item, Part, Plan, Signature

SO_NNMT_SON_NGUYEN = Plan(
    header=Header(
        parent_printed="UBND TỈNH SƠN NGUYÊN",
        body_printed=["SỞ NÔNG NGHIỆP VÀ", "MÔI TRƯỜNG"],
        issuer_name="Sở Nông nghiệp và Môi trường",
        issuer_parent="Ủy ban nhân dân tỉnh Sơn Nguyên",
        number="54/KH-SNNMT",
        place="Sơn Nguyên",
        issued=date(2025, 5, 20),
    ),
    title_lines=["Tuyên truyền cải cách hành chính năm 2025", "của Sở Nông nghiệp và Môi trường"],
    plan_year=2025,
    preamble=[
        "Thực hiện Quyết định số 1452/QĐ-UBND ngày 18/12/2024 của Chủ tịch Ủy ban nhân dân tỉnh "
        "ban hành Kế hoạch tuyên truyền cải cách hành chính tỉnh Sơn Nguyên năm 2025; Quyết định "
        "số 377/QĐ-SNNMT ngày 12/3/2025 của Sở Nông nghiệp và Môi trường về việc ban hành Kế hoạch "
        "cải cách hành chính năm 2025, Sở Nông nghiệp và Môi trường ban hành Kế hoạch tuyên truyền "
        "như sau:",
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
                        "- Đẩy mạnh thông tin về các thủ tục hành chính trong lĩnh vực đất đai, môi trường, "
                        "thủy lợi và phát triển nông thôn sau khi hợp nhất hai sở.",
                        "- Nâng cao nhận thức của công chức, viên chức và người lao động về vai trò của cải "
                        "cách hành chính đối với sự phát triển kinh tế - xã hội của tỉnh.",
                    ],
                ),
                Item(
                    "2",
                    "Yêu cầu",
                    [
                        "- Nội dung tuyên truyền chính xác, đúng định hướng của Đảng, pháp luật của Nhà "
                        "nước; hình thức phù hợp với đối tượng là nông dân, hợp tác xã và doanh nghiệp.",
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
                        "- Chủ trương của Đảng về cải cách hành chính, trọng tâm là Nghị quyết số 11-NQ/TU "
                        "ngày 08/10/2024 của Ban Chấp hành Đảng bộ tỉnh về phát triển nông nghiệp xanh.",
                        "- Danh mục thủ tục hành chính được cắt giảm thời gian giải quyết; kết quả số hóa "
                        "hồ sơ đất đai là cơ sở để người dân thực hiện dịch vụ công trực tuyến.",
                    ],
                ),
                Item(
                    "2",
                    "Hình thức",
                    [
                        "- Tuyên truyền trên Trang thông tin điện tử của Sở, bản tin nông nghiệp và môi "
                        "trường hằng quý.",
                        "- Tổ chức tọa đàm tại các xã vùng sâu với sự tham gia của các hợp tác xã.",
                    ],
                ),
            ],
        ),
        Part(
            "III",
            "NHIỆM VỤ CỤ THỂ",
            "nhiem_vu",
            body=[
                "Mỗi phòng, đơn vị thực hiện ít nhất 02 tin, bài về cải cách hành chính trong năm; Văn "
                "phòng Sở xây dựng 01 video hướng dẫn nộp hồ sơ đất đai trực tuyến trong Quý III.",
            ],
        ),
        Part(
            "IV",
            "KINH PHÍ THỰC HIỆN",
            "kinh_phi",
            body=[
                "Sử dụng từ nguồn kinh phí chi thường xuyên năm 2025 của Sở và các đơn vị.",
            ],
        ),
        Part(
            "V",
            "TỔ CHỨC THỰC HIỆN",
            "to_chuc_thuc_hien",
            items=[
                Item(
                    "1",
                    "Văn phòng Sở",
                    [
                        "- Chủ trì, hướng dẫn, đôn đốc việc thực hiện Kế hoạch; tổng hợp báo cáo Sở Nội vụ "
                        "theo quy định.",
                    ],
                ),
                Item(
                    "2",
                    "Phòng Kế hoạch - Tài chính",
                    [
                        "- Bảo đảm kinh phí cho các hoạt động tuyên truyền theo dự toán được duyệt.",
                    ],
                ),
                Item(
                    "3",
                    "Các phòng chuyên môn, đơn vị trực thuộc Sở",
                    [
                        "- Xây dựng nội dung tuyên truyền trong lĩnh vực phụ trách; gửi tin, bài về Văn "
                        "phòng Sở trước ngày 20 của tháng cuối quý.",
                    ],
                ),
            ],
        ),
    ],
    closing=[
        "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2025 của Sở Nông nghiệp và Môi "
        "trường, đề nghị các phòng, đơn vị nghiêm túc thực hiện./.",
    ],
    recipients=[
        "UBND tỉnh (b/c)",
        "Sở Nội vụ",
        "Ban Giám đốc Sở",
        "Các phòng, đơn vị thuộc Sở",
        "Lưu: VT, VP",
    ],
    signature=Signature("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phó Giám đốc", "Mai Xuân Trường"),
    references=["1452/QĐ-UBND", "377/QĐ-SNNMT", "11-NQ/TU"],
    body_size=13,
)
