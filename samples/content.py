"""Invented province-level samples: a Sở plan with an appendix, and a Quyết định issuing a plan.

Every province, agency, person and document number here is made up.
"""

from __future__ import annotations

from datetime import date

from samples.spec import Appendix, Decision, Header, Item, Part, Plan, Signature, Task

SO_KHCN = Plan(
    header=Header(
        parent_printed="UBND TỈNH HÀ LÂM",
        body_printed=["SỞ KHOA HỌC VÀ", "CÔNG NGHỆ"],
        issuer_name="Sở Khoa học và Công nghệ",
        issuer_parent="Ủy ban nhân dân tỉnh Hà Lâm",
        number="27/KH-SKHCN",
        place="Hà Lâm",
        issued=date(2025, 8, 7),
    ),
    title_lines=["Tuyên truyền cải cách hành chính năm 2025", "của Sở Khoa học và Công nghệ"],
    plan_year=2025,
    preamble=[
        "Căn cứ Quyết định số 1215/QĐ-UBND ngày 20/12/2024 của Ủy ban nhân dân tỉnh Hà Lâm ban hành "
        "Kế hoạch cải cách hành chính nhà nước tỉnh Hà Lâm năm 2025;",
        "Căn cứ Kế hoạch số 96/KH-UBND ngày 14/02/2025 của Ủy ban nhân dân tỉnh về tuyên truyền "
        "cải cách hành chính tỉnh Hà Lâm năm 2025;",
        "Thực hiện Quyết định số 15/QĐ-SKHCN ngày 10/01/2025 của Sở Khoa học và Công nghệ ban hành "
        "Kế hoạch cải cách hành chính năm 2025, Sở Khoa học và Công nghệ xây dựng Kế hoạch tuyên "
        "truyền cải cách hành chính năm 2025 như sau:",
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
                        "- Nâng cao nhận thức, trách nhiệm của công chức, viên chức và người lao động thuộc Sở "
                        "về vị trí, vai trò của cải cách hành chính trong việc xây dựng nền hành chính phục vụ, "
                        "chuyên nghiệp, hiện đại.",
                        "- Giúp tổ chức, doanh nghiệp và người dân nắm bắt kịp thời các thủ tục hành chính "
                        "trong lĩnh vực khoa học, công nghệ và đổi mới sáng tạo; tích cực sử dụng dịch vụ công "
                        "trực tuyến, thanh toán trực tuyến.",
                        "- Tạo sự đồng thuận, ủng hộ của xã hội đối với các chủ trương cải cách thủ tục hành "
                        "chính, chuyển đổi số và xây dựng chính quyền số của tỉnh.",
                    ],
                ),
                Item(
                    "2",
                    "Yêu cầu",
                    [
                        "- Công tác tuyên truyền phải bám sát Kế hoạch cải cách hành chính năm 2025 của tỉnh "
                        "và của Sở; nội dung ngắn gọn, dễ hiểu, phù hợp với từng nhóm đối tượng.",
                        "- Gắn trách nhiệm của người đứng đầu các phòng, đơn vị với kết quả tuyên truyền; "
                        "lồng ghép với việc thực hiện nhiệm vụ chuyên môn, tránh hình thức, lãng phí.",
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
                    "Nội dung tuyên truyền",
                    [
                        "a) Các văn bản của Trung ương và của tỉnh về cải cách hành chính, trong đó có Nghị "
                        "quyết số 08-NQ/TU ngày 05/3/2024 của Ban Thường vụ Tỉnh ủy về đẩy mạnh chuyển đổi số "
                        "và Chỉ thị số 27/CT-TTg ngày 11/6/2024 của Thủ tướng Chính phủ.",
                        "b) Kết quả cải cách thủ tục hành chính của Sở; việc tiếp nhận, giải quyết hồ sơ tại "
                        "Trung tâm Phục vụ hành chính công tỉnh và trên Cổng Dịch vụ công quốc gia.",
                        "c) Những cách làm hay, mô hình hiệu quả trong ứng dụng khoa học, công nghệ phục vụ "
                        "người dân, doanh nghiệp; gương cán bộ, công chức tận tụy, trách nhiệm.",
                    ],
                ),
                Item(
                    "2",
                    "Hình thức tuyên truyền",
                    [
                        "- Đăng tải tin, bài, ấn phẩm điện tử trên Trang thông tin điện tử của Sở, nhóm "
                        "Zalo và trang mạng xã hội chính thức của Sở.",
                        "- Lồng ghép tuyên truyền tại hội nghị, buổi làm việc, hội thảo chuyên đề và các lớp "
                        "tập huấn nghiệp vụ do Sở tổ chức.",
                        "- Cung cấp thông tin cho Báo Hà Lâm, Đài Phát thanh và Truyền hình tỉnh; phối hợp "
                        "thực hiện chuyên mục khoa học, công nghệ hằng tháng.",
                    ],
                ),
                Item(
                    "3",
                    "Nhiệm vụ cụ thể",
                    [
                        "Các nhiệm vụ, đơn vị chủ trì, đơn vị phối hợp và thời gian thực hiện được nêu tại "
                        "Phụ lục kèm theo Kế hoạch này.",
                    ],
                ),
            ],
        ),
        Part(
            "III",
            "KINH PHÍ THỰC HIỆN",
            "kinh_phi",
            body=[
                "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách năm 2025 đã giao cho "
                "Sở và các nguồn kinh phí hợp pháp khác theo quy định; các phòng, đơn vị sử dụng tiết "
                "kiệm, đúng mục đích.",
            ],
        ),
        Part(
            "IV",
            "TỔ CHỨC THỰC HIỆN",
            "to_chuc_thuc_hien",
            items=[
                Item(
                    "1",
                    "Văn phòng Sở",
                    [
                        "- Chủ trì, theo dõi, đôn đốc các phòng, đơn vị triển khai Kế hoạch; cập nhật chuyên "
                        "mục cải cách hành chính trên Trang thông tin điện tử của Sở.",
                        "- Tổng hợp kết quả thực hiện vào báo cáo cải cách hành chính hằng quý, 6 tháng, năm "
                        "gửi Sở Nội vụ theo quy định.",
                    ],
                ),
                Item(
                    "2",
                    "Phòng Kế hoạch - Tài chính",
                    [
                        "- Tham mưu bố trí kinh phí, hướng dẫn thanh toán, quyết toán kinh phí thực hiện Kế "
                        "hoạch đúng quy định.",
                    ],
                ),
                Item(
                    "3",
                    "Các phòng, đơn vị thuộc Sở",
                    [
                        "- Căn cứ nhiệm vụ được giao tại Phụ lục, chủ động triển khai và cung cấp tin, bài về "
                        "kết quả cải cách hành chính của đơn vị cho Văn phòng Sở trước ngày 15 của tháng cuối quý.",
                    ],
                ),
            ],
        ),
    ],
    closing=[
        "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2025 của Sở Khoa học và Công "
        "nghệ. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các phòng, đơn vị phản ánh về "
        "Văn phòng Sở để tổng hợp, báo cáo Giám đốc Sở xem xét, chỉ đạo./.",
    ],
    recipients=[
        "Sở Nội vụ (b/c)",
        "Giám đốc, các Phó Giám đốc Sở",
        "Các phòng, đơn vị thuộc Sở",
        "Trang thông tin điện tử Sở",
        "Lưu: VT, VP",
    ],
    signature=Signature("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phó Giám đốc", "Trịnh Quang Vĩnh"),
    references=["1215/QĐ-UBND", "96/KH-UBND", "15/QĐ-SKHCN", "08-NQ/TU", "27/CT-TTg"],
    appendix=Appendix(
        title_lines=["PHỤ LỤC", "NHIỆM VỤ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2025"],
        note="(Kèm theo Kế hoạch số 27/KH-SKHCN ngày 07/8/2025 của Sở Khoa học và Công nghệ)",
        tasks=[
            Task(
                "1",
                "Quán triệt, phổ biến Kế hoạch cải cách hành chính năm 2025 của tỉnh và của Sở "
                "đến toàn thể công chức, viên chức, người lao động trong các cuộc họp giao ban",
                "Văn phòng Sở",
                "Các phòng, đơn vị thuộc Sở",
                "Quý III năm 2025",
            ),
            Task(
                "2",
                "Duy trì, cập nhật chuyên mục \u201cCải cách hành chính\u201d trên Trang thông tin "
                "điện tử của Sở; đăng tải đầy đủ, kịp thời thủ tục hành chính thuộc thẩm quyền giải "
                "quyết của Sở sau khi được công bố",
                "Văn phòng Sở",
                "Phòng Quản lý chuyên ngành",
                "Thường xuyên",
            ),
            Task(
                "3",
                "Tuyên truyền, hướng dẫn tổ chức, doanh nghiệp nộp hồ sơ trực tuyến toàn trình "
                "đối với thủ tục đăng ký hoạt động khoa học và công nghệ, thủ tục cấp giấy chứng nhận "
                "doanh nghiệp khoa học và công nghệ; giải đáp vướng mắc qua điện thoại và thư điện tử",
                "Phòng Quản lý chuyên ngành",
                "Văn phòng Sở",
                "Thường xuyên",
            ),
            Task(
                "4",
                "Phối hợp với Báo Hà Lâm, Đài Phát thanh và Truyền hình tỉnh xây dựng phóng sự, "
                "tin, bài về kết quả đổi mới sáng tạo, chuyển đổi số và cải cách thủ tục hành chính "
                "trong lĩnh vực khoa học và công nghệ",
                "Văn phòng Sở",
                "Các phòng, đơn vị thuộc Sở",
                "Quý III, Quý IV năm 2025",
            ),
            Task(
                "5",
                "Tổ chức hội nghị đối thoại với doanh nghiệp về thủ tục hành chính trong lĩnh vực "
                "tiêu chuẩn, đo lường, chất lượng và sở hữu trí tuệ; tiếp nhận, xử lý phản ánh, kiến "
                "nghị của doanh nghiệp sau hội nghị",
                "Chi cục Tiêu chuẩn Đo lường Chất lượng",
                "Văn phòng Sở; Phòng Quản lý chuyên ngành",
                "Tháng 10 năm 2025",
            ),
            Task(
                "6",
                "Xây dựng, phát hành ấn phẩm điện tử, video ngắn và tờ gấp hướng dẫn sử dụng dịch "
                "vụ công trực tuyến, thanh toán phí, lệ phí trực tuyến; chia sẻ trên nhóm Zalo, trang "
                "mạng xã hội của Sở và của các đơn vị trực thuộc; hướng dẫn người dân, doanh nghiệp "
                "tra cứu tình trạng giải quyết hồ sơ và đánh giá mức độ hài lòng",
                "Trung tâm Thông tin và Thống kê khoa học công nghệ",
                "Văn phòng Sở",
                "Quý IV năm 2025",
            ),
            Task(
                "7",
                "Tổng hợp, báo cáo kết quả công tác tuyên truyền cải cách hành chính lồng ghép "
                "trong báo cáo cải cách hành chính định kỳ của Sở",
                "Văn phòng Sở",
                "Các phòng, đơn vị thuộc Sở",
                "Định kỳ hằng quý",
            ),
        ],
    ),
    body_size=13,
)

_SON_NGUYEN = Header(
    parent_printed=None,
    body_printed=["ỦY BAN NHÂN DÂN", "TỈNH SƠN NGUYÊN"],
    issuer_name="Ủy ban nhân dân tỉnh Sơn Nguyên",
    issuer_parent=None,
    number="1452/QĐ-UBND",
    place="Sơn Nguyên",
    issued=date(2024, 12, 18),
)

_PLAN_SON_NGUYEN = Plan(
    header=_SON_NGUYEN,
    title_lines=["Tuyên truyền cải cách hành chính tỉnh Sơn Nguyên năm 2025"],
    plan_year=2025,
    subtitle="(Ban hành kèm theo Quyết định số 1452/QĐ-UBND ngày 18/12/2024 của Chủ tịch UBND tỉnh)",
    preamble=[],
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
                        "Thông tin đầy đủ, kịp thời về chủ trương, mục tiêu, nhiệm vụ cải cách hành chính của "
                        "tỉnh năm 2025; qua đó nâng cao nhận thức, trách nhiệm của các cấp, các ngành và sự "
                        "tham gia, giám sát của người dân, doanh nghiệp.",
                    ],
                ),
                Item(
                    "2",
                    "Yêu cầu",
                    [
                        "Tuyên truyền thường xuyên, có trọng tâm, trọng điểm; đa dạng hóa hình thức, ưu tiên "
                        "nền tảng số; bảo đảm tiết kiệm, hiệu quả.",
                    ],
                ),
            ],
        ),
        Part(
            "II",
            "ĐỐI TƯỢNG, NỘI DUNG TUYÊN TRUYỀN",
            "doi_tuong_noi_dung",
            items=[
                Item(
                    "1",
                    "Đối tượng tuyên truyền",
                    [
                        "Cán bộ, công chức, viên chức, người lao động trong các cơ quan hành chính nhà nước; "
                        "tổ chức, doanh nghiệp và Nhân dân trên địa bàn tỉnh.",
                    ],
                ),
                Item(
                    "2",
                    "Nội dung tuyên truyền",
                    [
                        "- Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030 và Nghị "
                        "quyết số 93/NQ-CP ngày 15/7/2021 của Chính phủ; Kế hoạch số 214-KH/TU ngày 02/4/2024 "
                        "của Tỉnh ủy về thực hiện các nhiệm vụ cải cách hành chính.",
                        "- Kết quả cải thiện các chỉ số PAR INDEX, SIPAS, PAPI, PCI của tỉnh; việc thực hiện "
                        "thủ tục hành chính trên môi trường điện tử theo Nghị định số 45/2020/NĐ-CP.",
                    ],
                ),
            ],
        ),
        Part(
            "III",
            "NHIỆM VỤ CỤ THỂ",
            "nhiem_vu",
            items=[
                Item(
                    "1",
                    "Tuyên truyền trên báo chí, phát thanh, truyền hình",
                    [
                        "Duy trì chuyên mục \u201cCải cách hành chính\u201d trên Báo Sơn Nguyên và Đài Phát "
                        "thanh và Truyền hình tỉnh với thời lượng ít nhất 02 kỳ/tháng.",
                    ],
                ),
                Item(
                    "2",
                    "Tuyên truyền qua hệ thống thông tin cơ sở",
                    [
                        "Xây dựng tin, bài phát trên đài truyền thanh cấp xã; niêm yết thủ tục hành chính tại "
                        "Bộ phận Một cửa các cấp.",
                    ],
                ),
            ],
        ),
        Part(
            "IV",
            "KINH PHÍ",
            "kinh_phi",
            body=[
                "Từ nguồn ngân sách nhà nước bố trí trong dự toán năm 2025 của các cơ quan, đơn vị theo "
                "phân cấp ngân sách hiện hành.",
            ],
        ),
        Part(
            "V",
            "TỔ CHỨC THỰC HIỆN",
            "to_chuc_thuc_hien",
            items=[
                Item(
                    "1",
                    "Sở Nội vụ",
                    [
                        "Chủ trì, hướng dẫn, theo dõi, kiểm tra việc thực hiện Kế hoạch; "
                        "tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân tỉnh trước ngày 10/12/2025."
                    ],
                    inline=True,
                ),
                Item(
                    "2",
                    "Sở Văn hóa, Thể thao và Du lịch",
                    [
                        "Chỉ đạo các cơ quan báo chí, hệ thống "
                        "thông tin cơ sở tuyên truyền theo nội dung Kế hoạch."
                    ],
                    inline=True,
                ),
                Item(
                    "3",
                    "Sở Tài chính",
                    ["Tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định."],
                    inline=True,
                ),
                Item(
                    "4",
                    "Các sở, ban, ngành tỉnh; Ủy ban nhân dân các huyện, thành phố",
                    [
                        "Xây dựng kế "
                        "hoạch tuyên truyền của cơ quan, địa phương mình, hoàn thành trong tháng 01/2025."
                    ],
                    inline=True,
                ),
            ],
        ),
    ],
    closing=[
        "Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa "
        "phương kịp thời phản ánh về Sở Nội vụ để tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân tỉnh "
        "xem xét, chỉ đạo./.",
    ],
    recipients=[],
    signature=None,
    references=[],
    body_size=13,
)

QD_SON_NGUYEN = Decision(
    header=_SON_NGUYEN,
    title_lines=["Về việc ban hành Kế hoạch tuyên truyền cải cách hành chính", "tỉnh Sơn Nguyên năm 2025"],
    plan_year=2025,
    authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN NGUYÊN",
    bases=[
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
        "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng "
        "11 năm 2019;",
        "Căn cứ Nghị quyết số 93/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể "
        "cải cách hành chính nhà nước giai đoạn 2021 - 2030;",
        "Căn cứ Quyết định số 1389/QĐ-UBND ngày 29/11/2024 của Ủy ban nhân dân tỉnh ban hành Kế "
        "hoạch cải cách hành chính nhà nước tỉnh Sơn Nguyên năm 2025;",
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 412/TTr-SNV ngày 10/12/2024.",
    ],
    articles=[
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tuyên truyền cải cách hành chính tỉnh "
        "Sơn Nguyên năm 2025.",
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ; Thủ trưởng các sở, ban, "
        "ngành tỉnh; Chủ tịch Ủy ban nhân dân các huyện, thành phố và các cơ quan, đơn vị có liên "
        "quan chịu trách nhiệm thi hành Quyết định này./.",
    ],
    recipients=[
        "Như Điều 3",
        "Bộ Nội vụ (b/c)",
        "TT Tỉnh ủy, TT HĐND tỉnh (b/c)",
        "CT, các PCT UBND tỉnh",
        "Báo Sơn Nguyên, Đài PT-TH tỉnh",
        "Lưu: VT, NC",
    ],
    signature=Signature("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phó Chủ tịch", "Hoàng Minh Khải"),
    plan=_PLAN_SON_NGUYEN,
    references=["93/NQ-CP", "1389/QĐ-UBND", "412/TTr-SNV", "214-KH/TU", "45/2020/NĐ-CP"],
    body_size=14,
)
